import ArgumentParser
import LabelNoise
import RandomStreams

/// `msdb label rf`: random flipping.
struct LabelFlippingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rf",
        abstract: "Random flipping: ⌊p·N⌋ pixels of each class take another class.",
        discussion:
            "Binary by default (the mask must be 0/1 or 0/255); --classes M flips among labels 0..<M, "
            + "each flipped pixel taking one of the other classes uniformly."
    )

    @OptionGroup var options: LabelOptions

    @Option(parsing: .unconditional, help: "The fraction of each class flipped, in [0, 1].")
    var p: Double

    @Option(parsing: .unconditional, help: "The run seed (a non-negative integer).")
    var seed: Seed = 0

    @Option(help: "The number of classes (2 for a binary mask).")
    var classes = 2

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .flipping(try RandomFlipping(p: p, classes: classes)) },
            seed: seed)
    }
}
