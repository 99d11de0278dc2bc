import ArgumentParser
import LabelNoise
import RandomStreams

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
