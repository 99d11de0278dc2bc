import ArgumentParser

/// `msdb image`: thresholds and morphology on single image files, the building blocks of the
/// baselines and the label noise.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Threshold or transform one PNG/TIFF image (Otsu, adaptive threshold, morphology).",
        discussion: """
            Inputs are PNG or TIFF, 8- or 16-bit, single channel (the first page of a multi-page TIFF). \
            Masks are read as 0 = background and one other value (1, 255, ...) = foreground; --out writes \
            0/255 8-bit masks atomically, as PNG or TIFF by the extension.
            """,
        subcommands: [
            ImageOtsuCommand.self, ImageAGTCommand.self, ImageDilateCommand.self, ImageErodeCommand.self,
            ImageSkeletonCommand.self,
        ]
    )
}

/// Options every `msdb image` command shares: the optional output mask and `--json`.
struct MaskOutputOptions: ParsableArguments {
    @Option(help: "Write the resulting 0/255 mask here (.png, .tif or .tiff; written atomically).")
    var out: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        try PrimitiveFiles.validateOutput(out)
    }
}
