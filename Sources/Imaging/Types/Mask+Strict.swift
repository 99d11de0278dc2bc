extension Mask {
    /// The mask of a single-channel image that is binary: 0 is background and every other pixel
    /// holds one and the same foreground value (1, 255, 65535 or any other), so 0/1 files, the
    /// official code's 0/255 PNGs and 1-bit or palette masks all qualify. Unlike
    /// `Mask(binarizing:)`, which thresholds any image at "nonzero", this refuses an image with
    /// two or more foreground levels (a grayscale picture, a label map, a soft prediction).
    public init(strictlyBinary image: Image) throws {
        let values = try image.distinctValues(upTo: 2)
        let foreground = values.filter { $0 != 0 }
        guard foreground.count <= 1 else {
            throw ImagingError.invalidContent(
                reason: "not a binary mask: it holds at least \(values.count) values (\(values.listed))"
                    + " where a mask holds 0 and at most one other value")
        }
        try self.init(binarizing: image)
    }
}
