import ArgumentParser
import LabelNoise
import RandomStreams

/// `msdb label skeleton`: the one-pixel skeleton.
struct LabelSkeletonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skeleton", abstract: "One-pixel skeleton of a binary mask (scikit-image's skeletonize)."
    )

    @OptionGroup var options: LabelOptions

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .morphology(try MorphologicalNoise(steps: [.skeleton])) }, seed: 0
        )
    }
}
