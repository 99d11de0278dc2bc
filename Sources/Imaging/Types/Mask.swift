/// A binary mask: 1 is foreground, 0 background.
///
/// Layout: `pixels` holds `height` rows of `width` bytes, top row first (row-major); the pixel at
/// column `x`, row `y` is `pixels[y * width + x]`. Files store masks as 0/255 (as the paper's
/// official code does); `Mask(binarizing:)` and `Image(mask:)` convert.
public struct Mask: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 0 or 1 per pixel, row-major.
    public var pixels: [UInt8]

    /// Makes a mask; every pixel must be 0 or 1.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "mask size must be positive, got \(width)x\(height)")
        precondition(
            pixels.count == width * height,
            "\(width)x\(height) mask needs \(width * height) pixels, got \(pixels.count)")
        let largest = pixels.max() ?? 0
        precondition(largest <= 1, "mask pixels must be 0 or 1, found \(largest)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An all-background mask.
    public init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height))
    }

    /// The mask of a single-channel image (gray, or palette indices): every nonzero sample is
    /// foreground, so a 0/255 file (the official code's convention) and a 0/1 file both give 0/1.
    public init(binarizing image: Image) throws {
        guard image.channels == 1 else {
            throw ImagingError.invalidContent(
                reason: "a mask needs a single-channel image, got \(image.channels) channels")
        }
        self.init(width: image.width, height: image.height, pixels: image.samples.map { $0 == 0 ? 0 : 1 })
    }

    /// The number of foreground pixels.
    public var foregroundCount: Int { pixels.reduce(0) { $0 + Int($1) } }

    /// The pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set {
            precondition(newValue <= 1, "mask pixels must be 0 or 1, got \(newValue)")
            pixels[y * width + x] = newValue
        }
    }
}

extension Image {
    /// The 8-bit gray image of a mask, 0 → 0 and 1 → 255, as masks are stored on disk.
    public init(mask: Mask) {
        self.init(width: mask.width, height: mask.height, gray8: mask.pixels.map { $0 == 0 ? 0 : 255 })
    }
}
