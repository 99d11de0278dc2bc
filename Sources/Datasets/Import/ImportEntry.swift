/// One sample of an import: its image file, its label files and the split it belongs to. Paths are
/// relative to the import folder, with `/` separators.
///
/// Most layouts pair one image with one label file; `dsb2018` gives one mask per nucleus, whose
/// union is the sample's foreground.
public struct ImportEntry: Sendable, Equatable {
    public let split: Split
    /// The sample's name: the file stem, or the sample folder's name for `dsb2018`.
    public let stem: String
    public let imagePath: String
    /// One label file, or for `dsb2018` every mask of the sample, sorted bytewise.
    public let labelPaths: [String]

    public init(split: Split, stem: String, imagePath: String, labelPaths: [String]) {
        precondition(!labelPaths.isEmpty, "an import entry needs at least one label file")
        self.split = split
        self.stem = stem
        self.imagePath = imagePath
        self.labelPaths = labelPaths
    }

    /// The entry of a layout that pairs one image with one label file.
    public init(split: Split, stem: String, imagePath: String, labelPath: String) {
        self.init(split: split, stem: stem, imagePath: imagePath, labelPaths: [labelPath])
    }
}
