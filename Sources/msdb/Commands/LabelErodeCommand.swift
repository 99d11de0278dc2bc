import ArgumentParser
import LabelNoise
import RandomStreams

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
