import ArgumentParser
import Jobs
import RandomStreams

/// `msdb baseline dfc`: differentiable feature clustering (Kim, Kanezaki, Tanaka 2020) per test image.
struct BaselineDFCCommand: BaselineMethodCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfc",
        abstract:
            "Differentiable feature clustering of each test image, clusters mapped by intensity (seeded).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: DatasetOption

    @Option(help: "Feature channels q.")
    var channels = BaselineSettings.DFCParameters().channels

    @Option(help: "3x3 convolutions.")
    var convolutions = BaselineSettings.DFCParameters().convolutions

    @Option(help: "The continuity weight mu.")
    var mu = BaselineSettings.DFCParameters().mu

    @Option(help: "The SGD learning rate.")
    var lr = BaselineSettings.DFCParameters().learningRate

    @Option(help: "SGD momentum, in [0, 1).")
    var momentum = BaselineSettings.DFCParameters().momentum

    @Option(help: "At most this many iterations per image.")
    var iterations = BaselineSettings.DFCParameters().iterations

    @Option(name: .customLong("min-labels"), help: "Stop once this few clusters remain.")
    var minLabels = BaselineSettings.DFCParameters().minLabels

    @Option(parsing: .unconditional, help: "The seed (a non-negative integer).")
    var seed: Seed = 0

    @OptionGroup var options: RunOptions

    func method() -> BaselineSettings {
        var parameters = BaselineSettings.DFCParameters()
        parameters.channels = channels
        parameters.convolutions = convolutions
        parameters.mu = mu
        parameters.learningRate = lr
        parameters.momentum = momentum
        parameters.iterations = iterations
        parameters.minLabels = minLabels
        var settings = BaselineSettings(method: .dfc(parameters))
        settings.seed = seed
        return settings
    }
}
