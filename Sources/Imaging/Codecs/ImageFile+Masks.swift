/// Masks and label maps straight from and to files, for callers that never need the `Image`.
extension ImageFile {
    /// Reads a binary mask: any nonzero sample of a single-channel file is foreground, so the
    /// official code's 0/255 PNGs and 0/1 files both give 0/1.
    public static func readMask(path: String, page: Int = 0) throws -> Mask {
        try Mask(binarizing: read(path: path, page: page))
    }

    /// Reads a label map (gray or palette indices, values kept; `LabelMap.ignore` marks unlabelled
    /// pixels).
    public static func readLabels(path: String, page: Int = 0) throws -> LabelMap {
        try LabelMap(image: read(path: path, page: page))
    }

    /// Writes a mask as an 8-bit 0/255 gray image, the convention of the paper's official code.
    public static func write(mask: Mask, path: String) throws {
        try write(Image(mask: mask), path: path)
    }

    /// Writes a label map as an 8-bit gray image, values unchanged.
    public static func write(labels: LabelMap, path: String) throws {
        try write(Image(labels: labels), path: path)
    }
}
