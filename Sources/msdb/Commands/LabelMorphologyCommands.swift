import ArgumentParser
import LabelNoise

// Labels corrupted by morphology (PCL). Deterministic: no seed, one run id per mask and recipe.

/// `msdb label dilate`: one 3×3 dilation.
struct LabelDilateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dilate", abstract: "3×3 dilation of a binary mask.")

    @OptionGroup var options: LabelOptions

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .morphology(try MorphologicalNoise(steps: [.dilate])) }, seed: 0)
    }
}

/// `msdb label erode`: one 3×3 erosion.
struct LabelErodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erode", abstract: "3×3 erosion of a binary mask.")

    @OptionGroup var options: LabelOptions

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .morphology(try MorphologicalNoise(steps: [.erode])) }, seed: 0)
    }
}

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

/// `msdb label pcl`: a sequence of morphology steps.
struct LabelMorphologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pcl",
        abstract: "A sequence of morphology steps, e.g. --steps dilate,dilate,erode or erode,skeleton.")

    @OptionGroup var options: LabelOptions

    @Option(
        help: "Comma-separated steps, applied in order: dilate, erode, skeleton.",
        transform: { text in
            try text.split(separator: ",").map { name in
                guard let step = MorphologicalNoise.Step(rawValue: String(name)) else {
                    throw ValidationError("'\(name)' is not a step (dilate, erode, skeleton)")
                }
                return step
            }
        })
    var steps: [MorphologicalNoise.Step]

    func run() throws {
        try options.run(
            { () throws(LabelNoiseError) in .morphology(try MorphologicalNoise(steps: steps)) }, seed: 0)
    }
}
