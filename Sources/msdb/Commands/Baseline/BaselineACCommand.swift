import ArgumentParser
import Jobs
import RandomStreams

/// `msdb baseline ac`: autoregressive clustering (CPU-sized) per test image.
struct BaselineACCommand: BaselineMethodCommand {
    static let configuration = CommandConfiguration(
        commandName: "ac",
        abstract: "Autoregressive clustering of each test image, clusters mapped by intensity (seeded).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: DatasetOption

    @Option(help: "The network width.")
    var width = BaselineSettings.ACParameters().width

    @Option(help: "Clusters.")
    var clusters = BaselineSettings.ACParameters().clusters

    @Option(help: "3x3 convolutions.")
    var convolutions = BaselineSettings.ACParameters().convolutions

    @Option(help: "Iterations per image.")
    var iterations = BaselineSettings.ACParameters().iterations

    @Option(help: "The Adam learning rate.")
    var lr = BaselineSettings.ACParameters().learningRate

    @Option(name: .customLong("half-window"), help: "The IIC displacement window's half side.")
    var halfWindow = BaselineSettings.ACParameters().halfWindow

    @Option(parsing: .unconditional, help: "The seed (a non-negative integer).")
    var seed: Seed = 0

    @OptionGroup var options: RunOptions

    func method() -> BaselineSettings {
        var parameters = BaselineSettings.ACParameters()
        parameters.width = width
        parameters.clusters = clusters
        parameters.convolutions = convolutions
        parameters.iterations = iterations
        parameters.learningRate = lr
        parameters.halfWindow = halfWindow
        var settings = BaselineSettings(method: .ac(parameters))
        settings.seed = seed
        return settings
    }
}
