/// Everything that can go wrong when reading, writing or checking images.
///
/// Bad data from outside (a damaged file, a header claiming a huge image, a format msdb does not
/// handle) throws one of these; a broken invariant inside the code is a `precondition` instead.
public enum ImagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened, read or written at all.
    case unreadable(file: String, reason: String)
    /// The bytes are not a PNG, TIFF or JPEG image (checked by their signature).
    case notAnImage(file: String)
    /// The file starts like a PNG, TIFF or JPEG but its data is truncated or damaged.
    case corrupt(file: String, reason: String)
    /// The header claims more pixels than msdb will allocate (`ImageLimits.maxPixels`).
    case tooLarge(file: String, width: Int, height: Int, limit: Int)
    /// The header's dimensions and channels would decode to more sample memory than
    /// `ImageLimits.maxDecodedBytes`, or the compressed data is too short to hold them.
    case tooLargeDecoded(file: String, bytes: Int, limit: Int)
    /// A valid image whose layout msdb does not handle (tiles, planar data, floats, 16-bit alpha, ...).
    case unsupported(file: String, reason: String)
    /// The requested TIFF page does not exist.
    case noSuchPage(file: String, page: Int, pages: Int)
    /// The image cannot become the requested value (a mask from an RGB image, say).
    case invalidContent(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read or write '\(file)': \(reason)"
        case .notAnImage(let file):
            return "'\(file)' is not a png, tiff or jpeg image"
        case .corrupt(let file, let reason):
            return "'\(file)' is truncated or corrupt: \(reason)"
        case .tooLarge(let file, let width, let height, let limit):
            return "'\(file)' claims \(width)x\(height) pixels, more than the limit of \(limit) pixels;"
                + " refusing to allocate it"
        case .tooLargeDecoded(let file, let bytes, let limit):
            return
                "'\(file)' would decode to \(bytes) bytes of samples, more than the limit of \(limit) bytes;"
                + " refusing to allocate it"
        case .unsupported(let file, let reason):
            return "'\(file)' uses an unsupported layout: \(reason)"
        case .noSuchPage(let file, let page, let pages):
            return "'\(file)' has \(pages) page(s); page \(page) does not exist"
        case .invalidContent(let reason):
            return "invalid image content: \(reason)"
        }
    }
}

/// Bounds that keep memory use finite whatever a file header claims.
public enum ImageLimits {
    /// The largest width × height accepted from a file: 2^28 pixels (16384 × 16384). Checked
    /// before any pixel buffer is allocated.
    public static let maxPixels = 1 << 28

    /// The most memory the decoded samples of one image may take: 1 GiB. Samples are held as
    /// `UInt16`, so this is `width × height × channels × 2`. A small, highly compressed file (a
    /// decompression bomb) is refused by its header before anything is allocated or inflated.
    public static let maxDecodedBytes = 1 << 30

    /// Throws `tooLargeDecoded` when `width × height × channels` samples would exceed
    /// `maxDecodedBytes`; call after `check(width:height:file:)`, which bounds the pixel count.
    static func check(width: Int, height: Int, channels: Int, file: String) throws {
        let bytes = width * height * max(channels, 1) * MemoryLayout<UInt16>.stride
        if bytes > maxDecodedBytes {
            throw ImagingError.tooLargeDecoded(file: file, bytes: bytes, limit: maxDecodedBytes)
        }
    }

    /// Throws `tooLarge` when `width × height` exceeds `maxPixels` (or either side is not positive).
    static func check(width: Int, height: Int, file: String) throws {
        guard width > 0, height > 0 else {
            throw ImagingError.corrupt(file: file, reason: "header claims \(width)x\(height) pixels")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw ImagingError.tooLarge(file: file, width: width, height: height, limit: maxPixels)
        }
    }
}
