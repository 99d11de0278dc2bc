import ArgumentParser
import Imaging

/// `msdb image dilate MASK`: one 3×3 dilation (scikit-image's `binary_dilation` with a square).
struct ImageDilateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dilate",
        abstract: "Dilate a binary mask once with the 3×3 square; outside pixels count as background.",
        discussion: #"JSON: {"foreground": n}."#
    )

    @Argument(help: "The binary mask (0 and one other value).")
    var mask: String

    @OptionGroup var output: MaskOutputOptions

    func run() throws {
        try MorphologyRun.perform("dilate", mask: mask, output: output) { $0.dilated() }
    }
}

/// `msdb image erode MASK`: one 3×3 erosion (scikit-image's `binary_erosion` with a square).
struct ImageErodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erode",
        abstract: "Erode a binary mask once with the 3×3 square; outside pixels never erode the mask.",
        discussion: #"JSON: {"foreground": n}."#
    )

    @Argument(help: "The binary mask (0 and one other value).")
    var mask: String

    @OptionGroup var output: MaskOutputOptions

    func run() throws {
        try MorphologyRun.perform("erode", mask: mask, output: output) { $0.eroded() }
    }
}

/// `msdb image skeleton MASK`: the one-pixel skeleton (scikit-image's `skeletonize`).
struct ImageSkeletonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skeleton",
        abstract: "The one-pixel Zhang–Suen skeleton of a binary mask, as scikit-image's skeletonize.",
        discussion: #"JSON: {"foreground": n}."#
    )

    @Argument(help: "The binary mask (0 and one other value).")
    var mask: String

    @OptionGroup var output: MaskOutputOptions

    func run() throws {
        try MorphologyRun.perform("skeleton", mask: mask, output: output) { $0.skeletonized() }
    }
}

/// The shared body of the morphology commands: read, transform, write, print.
enum MorphologyRun {
    static func perform(
        _ name: String, mask path: String, output: MaskOutputOptions, transform: (Mask) -> Mask
    ) throws {
        let input = try PrimitiveFiles.mask(path)
        let result = transform(input)
        try PrimitiveFiles.write(result, to: output.out)
        if output.json {
            try CommandOutput.printJSON(ForegroundJSON(foreground: result.foregroundCount))
        } else {
            print(
                "\(name): \(result.foregroundCount) of \(result.pixels.count) pixels foreground "
                    + "(was \(input.foregroundCount))" + PrimitiveFiles.wrote(output.out))
        }
    }
}
