import ArgumentParser
import Jobs

/// `msdb baseline otsu`: Otsu's threshold of each test image at its own bit depth.
struct BaselineOtsuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otsu",
        abstract: "Otsu's threshold of each test image, foreground above it (deterministic).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: DatasetOption
    @OptionGroup var options: RunOptions

    func run() throws {
        try options.runBaseline(BaselineSettings(method: .otsu), on: dataset, global: global)
    }
}
