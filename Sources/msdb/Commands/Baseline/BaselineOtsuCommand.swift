import ArgumentParser
import Jobs

/// `msdb baseline otsu`: Otsu's threshold of each test image at its own bit depth.
struct BaselineOtsuCommand: BaselineMethodCommand {
    static let configuration = CommandConfiguration(
        commandName: "otsu",
        abstract: "Otsu's threshold of each test image, foreground above it (deterministic).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: DatasetOption
    @OptionGroup var options: RunOptions

    func method() -> BaselineSettings {
        BaselineSettings(method: .otsu)
    }
}
