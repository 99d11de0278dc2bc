import ArgumentParser
import Imaging

/// `msdb image otsu IMG`: Otsu's global threshold (scikit-image's `threshold_otsu`).
struct ImageOtsuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otsu",
        abstract: "Otsu's threshold of a gray image; foreground is image > threshold.",
        discussion: """
            One histogram bin per integer sample value (as scikit-image bins integer images), so the \
            threshold is on the image's own scale: 0...255 for 8-bit, 0...65535 for 16-bit. \
            JSON: {"threshold": t, "foreground": n}.
            """
    )

    @Argument(help: "The gray image (PNG or TIFF, 8- or 16-bit).")
    var image: String

    @OptionGroup var output: MaskOutputOptions

    func run() throws {
        let picture = try PrimitiveFiles.image(image)
        let (mask, threshold) = try PrimitiveFiles.reading(image) { _ in try Otsu.foreground(picture) }
        try PrimitiveFiles.write(mask, to: output.out)
        if output.json {
            try CommandOutput.printJSON(ThresholdJSON(threshold: threshold, foreground: mask.foregroundCount))
        } else {
            print(
                "otsu threshold \(CommandOutput.number(threshold)) (\(picture.bitDepth.rawValue)-bit scale): "
                    + "\(mask.foregroundCount) of \(mask.pixels.count) pixels foreground"
                    + PrimitiveFiles.wrote(output.out))
        }
    }
}

/// `msdb image agt IMG --block B --offset C`: OpenCV's adaptive Gaussian threshold.
struct ImageAGTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agt",
        abstract: "Adaptive Gaussian threshold of an 8-bit gray image (OpenCV's adaptiveThreshold).",
        discussion: """
            Foreground is src > GaussianBlur(src, B×B, replicated border) − C, as OpenCV's \
            ADAPTIVE_THRESH_GAUSSIAN_C with THRESH_BINARY computes it (a fractional C acts as its \
            ceiling). Needs 8-bit input. JSON: {"foreground": n}.
            """
    )

    @Argument(help: "The 8-bit gray image (PNG or TIFF).")
    var image: String

    @Option(help: "The block size B: odd and at least 3.")
    var block: Int

    @Option(parsing: .unconditional, help: "The offset C subtracted from the local mean (may be negative).")
    var offset: Double

    @OptionGroup var output: MaskOutputOptions

    func validate() throws {
        guard block >= 3, block % 2 == 1 else {
            throw ValidationError("--block must be odd and at least 3, got \(block)")
        }
        guard offset.isFinite else { throw ValidationError("--offset must be a finite number") }
    }

    func run() throws {
        let picture = try PrimitiveFiles.image(image)
        let mask = try PrimitiveFiles.reading(image) { _ in
            try AdaptiveThreshold(blockSize: block, offset: offset).foreground(picture)
        }
        try PrimitiveFiles.write(mask, to: output.out)
        if output.json {
            try CommandOutput.printJSON(ForegroundJSON(foreground: mask.foregroundCount))
        } else {
            print(
                "adaptive threshold (block \(block), offset \(CommandOutput.number(offset))): "
                    + "\(mask.foregroundCount) of \(mask.pixels.count) pixels foreground"
                    + PrimitiveFiles.wrote(output.out))
        }
    }
}

/// `{"threshold": t, "foreground": n}`.
struct ThresholdJSON: Encodable {
    let threshold: Double
    let foreground: Int
}

/// `{"foreground": n}`.
struct ForegroundJSON: Encodable {
    let foreground: Int
}
