import ArgumentParser
import LabelNoise
import RandomStreams

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

    @Option(parsing: .unconditional, help: "The fraction of each class kept, in [0, 1].")
    var p: Double

    @Option(parsing: .unconditional, help: "The run seed (a non-negative integer).")
    var seed: Seed = 0

    @Option(help: "What unsampled pixels become: ignore (255, the paper) or background (the official code).")
    var variant: Variant = .ignore

    func run() throws {
        let unsampled: RandomSampling.Unsampled = variant == .ignore ? .ignore : .background
        try options.run(
            { () throws(LabelNoiseError) in .sampling(try RandomSampling(p: p, unsampled: unsampled)) },
            seed: seed)
    }
}
