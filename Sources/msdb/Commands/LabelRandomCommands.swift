import ArgumentParser
import LabelNoise

// The three random generators of the paper. Each draws only from the run seed's "noise" stream.

/// `msdb label rs`: random sampling.
struct LabelSamplingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rs",
        abstract: "Random sampling: keep ⌈p·N⌉ pixels of each class, the rest become ignored (255).",
        discussion:
            "--variant background sets unsampled pixels to background instead, as the official code does."
    )

    /// What unsampled pixels become.
    enum Variant: String, ExpressibleByArgument, CaseIterable {
        case ignore
        case background
    }

    @OptionGroup var options: LabelOptions

    @Option(help: "The fraction of each class kept, in [0, 1].")
    var p: Double

    @Option(help: "The run seed.")
    var seed: Int64 = 0

    @Option(help: "What unsampled pixels become: ignore (255, the paper) or background (the official code).")
    var variant: Variant = .ignore

    func run() throws {
        let unsampled: RandomSampling.Unsampled = variant == .ignore ? .ignore : .background
        try options.run(
            { () throws(LabelNoiseError) in .sampling(try RandomSampling(p: p, unsampled: unsampled)) },
            seed: seed)
    }
}

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

    @Option(help: "The fraction of each class flipped, in [0, 1].")
    var p: Double

    @Option(help: "The run seed.")
    var seed: Int64 = 0

    @Option(help: "The number of classes (2 for a binary mask).")
    var classes = 2

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .flipping(try RandomFlipping(p: p, classes: classes)) },
            seed: seed)
    }
}

/// `msdb label rl`: random generation.
struct LabelGenerationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl",
        abstract: "Random labels: each pixel foreground with probability p; only the mask's size is used."
    )

    @OptionGroup var options: LabelOptions

    @Option(help: "The probability that a pixel is foreground, in [0, 1].")
    var p: Double

    @Option(help: "The run seed.")
    var seed: Int64 = 0

    func run() throws {
        try options.run({ () throws(LabelNoiseError) in .generation(try RandomGeneration(p: p)) }, seed: seed)
    }
}
