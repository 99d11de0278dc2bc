import ArgumentParser

/// `msdb label`: noisy labels from a clean mask, stored with their lineage.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Make a noisy label (RS, RF, RL, or morphology) from a clean mask and store it.",
        discussion: """
            MASK is a PNG or TIFF with one channel: a 0/1 or 0/255 mask, or a label map (255 marks ignored \
            pixels). The clean label and the noisy one are stored as label artifacts and the run is recorded, so \
            the same MASK, options and seed give the same bytes and id, from the cache the second time. \
            Prints the noisy label's id.
            """,
        subcommands: [
            LabelSamplingCommand.self, LabelFlippingCommand.self, LabelGenerationCommand.self,
            LabelDilateCommand.self, LabelErodeCommand.self, LabelSkeletonCommand.self,
            LabelMorphologyCommand.self,
        ]
    )
}
