/// One image file and its label file, paired by file stem, with the split they belong to. Paths
/// are relative to the import folder, with `/` separators.
public struct ImportEntry: Sendable, Equatable {
    public let split: Split
    public let stem: String
    public let imagePath: String
    public let labelPath: String

    public init(split: Split, stem: String, imagePath: String, labelPath: String) {
        self.split = split
        self.stem = stem
        self.imagePath = imagePath
        self.labelPath = labelPath
    }
}
