/// A map of class labels, one byte per pixel, with `LabelMap.ignore` marking pixels that carry no
/// label (excluded from losses and metrics).
///
/// Layout: `labels` holds `height` rows of `width` bytes, top row first (row-major).
public struct LabelMap: Sendable, Equatable {
    /// The label of unlabelled pixels (as in the segmentation benchmarks): 255.
    public static let ignore: UInt8 = 255

    public let width: Int
    public let height: Int
    public var labels: [UInt8]

    public init(width: Int, height: Int, labels: [UInt8]) {
        precondition(width > 0 && height > 0, "label map size must be positive, got \(width)x\(height)")
        precondition(
            labels.count == width * height,
            "\(width)x\(height) label map needs \(width * height) labels, got \(labels.count)")
        self.width = width
        self.height = height
        self.labels = labels
    }

    /// The labels of a single-channel image (gray or palette indices), values kept as they are.
    /// A 16-bit image is accepted when every value fits a byte.
    public init(image: Image) throws {
        guard image.channels == 1 else {
            throw ImagingError.invalidContent(
                reason: "a label map needs a single-channel image, got \(image.channels) channels")
        }
        if let largest = image.samples.max(), largest > 255 {
            throw ImagingError.invalidContent(reason: "label value \(largest) does not fit in a byte")
        }
        self.init(width: image.width, height: image.height, labels: image.samples.map { UInt8($0) })
    }

    /// A binary mask's labels (0/1).
    public init(mask: Mask) {
        self.init(width: mask.width, height: mask.height, labels: mask.pixels)
    }

    /// The label at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { labels[y * width + x] }
        set { labels[y * width + x] = newValue }
    }
}

extension Image {
    /// The 8-bit gray image of a label map, values unchanged.
    public init(labels: LabelMap) {
        self.init(width: labels.width, height: labels.height, gray8: labels.labels)
    }
}
