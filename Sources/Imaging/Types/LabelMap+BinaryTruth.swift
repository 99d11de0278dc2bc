extension LabelMap {
    /// The binary ground truth of a single-channel image, as 0/1 labels with `LabelMap.ignore`
    /// (255) marking excluded pixels. Two conventions are read, decided by the values present:
    /// - 0/1 labels with 255 ignored: every value is 0, 1 or 255 and 1 occurs;
    /// - otherwise a 0/v mask (the official code stores 0/255): 0 and at most one other value v,
    ///   which is foreground; nothing is ignored.
    /// So a file holding only 0 and 255 is a 0/255 mask, not an image whose labels are all
    /// ignored. Any other content (three levels, a label map) throws `invalidContent`.
    public init(binaryTruth image: Image) throws {
        let values = try image.distinctValues(upTo: 3)
        let labelled =
            values.contains(1) && values.allSatisfy { [0, 1, UInt16(LabelMap.ignore)].contains($0) }
        if labelled {
            try self.init(image: image)
            return
        }
        guard values.filter({ $0 != 0 }).count <= 1 else {
            throw ImagingError.invalidContent(
                reason:
                    "not a binary ground truth: it holds at least \(values.count) values (\(values.listed))"
                    + " where 0/1 labels (255 ignored) or 0 and one foreground value are expected")
        }
        self.init(mask: try Mask(binarizing: image))
    }
}
