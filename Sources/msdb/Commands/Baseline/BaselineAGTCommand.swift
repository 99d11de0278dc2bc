import ArgumentParser
import Jobs

/// `msdb baseline agt`: OpenCV's adaptive Gaussian threshold of each test image scaled to 8 bits.
struct BaselineAGTCommand: BaselineMethodCommand {
    static let configuration = CommandConfiguration(
        commandName: "agt",
        abstract: "The adaptive Gaussian threshold of each test image, scaled to 8 bits (deterministic).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: DatasetOption

    @Option(help: "The block size (odd, at least 3).")
    var block = 25

    @Option(parsing: .unconditional, help: "The offset C subtracted from the local mean.")
    var offset = -10.0

    @OptionGroup var options: RunOptions

    func method() -> BaselineSettings {
        BaselineSettings(method: .agt(block: block, offset: offset))
    }
}
