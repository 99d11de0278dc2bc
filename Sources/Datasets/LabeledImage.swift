public import Imaging

/// One sample: an image and its ground-truth labels, the same size.
///
/// Binary sets hold 0/1 labels (a `Mask` as a `LabelMap`); multi-class sets hold class ids.
public struct LabeledImage: Sendable, Equatable {
    public let image: Image
    public let labels: LabelMap

    public init(image: Image, labels: LabelMap) {
        precondition(
            image.width == labels.width && image.height == labels.height,
            "image \(image.width)x\(image.height) and labels \(labels.width)x\(labels.height) differ in size")
        self.image = image
        self.labels = labels
    }

    /// The labels as a binary mask, or nil if a label other than 0 and 1 occurs.
    public var mask: Mask? {
        guard labels.labels.allSatisfy({ $0 <= 1 }) else { return nil }
        return Mask(width: labels.width, height: labels.height, pixels: labels.labels)
    }
}
