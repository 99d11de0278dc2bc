import ArgumentParser
import LabelNoise
import RandomStreams

/// `msdb label rl`: random generation.
struct LabelGenerationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl",
        abstract: "Random labels: each pixel foreground with probability p; only the mask's size is used."
    )

    @OptionGroup var options: LabelOptions

    @Option(parsing: .unconditional, help: "The probability that a pixel is foreground, in [0, 1].")
    var p: Double

    @Option(parsing: .unconditional, help: "The run seed (a non-negative integer).")
    var seed: Seed = 0

    func run() throws {
        try options.run({ () throws(LabelNoiseError) in .generation(try RandomGeneration(p: p)) }, seed: seed)
    }
}
