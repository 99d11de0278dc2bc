import ArgumentParser
import LabelNoise
import RandomStreams

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
