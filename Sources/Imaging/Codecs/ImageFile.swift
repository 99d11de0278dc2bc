internal import Foundation

/// Reading PNG, TIFF and JPEG files; writing PNG and TIFF.
///
/// The format is recognised on read by the file's signature (not its name) and chosen on write by
/// the extension (`.png`, `.tif`, `.tiff`; JPEG is read only). Writes go to a temporary file beside the target that
/// is renamed into place, so a failed write never leaves a half-written image.
public enum ImageFile {
    /// A file format msdb reads and writes.
    public enum Format: String, Sendable {
        case png
        case tiff
        /// Read only (`JPEGCodec`).
        case jpeg
    }

    /// TIFF compression for written files.
    public enum TIFFCompression: String, Sendable, CaseIterable {
        case none
        case lzw
        case deflate

        var codecValue: TIFFCodec.Compression {
            switch self {
            case .none: .none
            case .lzw: .lzw
            case .deflate: .deflate
            }
        }
    }

    /// Reads the image at `path`; for a multi-page TIFF, `page` chooses the page (0 is the first;
    /// a PNG or JPEG has only page 0).
    public static func read(path: String, page: Int = 0) throws -> Image {
        let bytes = try contents(of: path)
        switch format(of: bytes) {
        case .png:
            guard page == 0 else { throw ImagingError.noSuchPage(file: path, page: page, pages: 1) }
            return try PNGCodec.decode(bytes, file: path)
        case .jpeg:
            guard page == 0 else { throw ImagingError.noSuchPage(file: path, page: page, pages: 1) }
            return try JPEGCodec.decode(bytes, file: path)
        case .tiff:
            return try TIFFCodec.read(path: path, page: page)
        case nil:
            throw ImagingError.notAnImage(file: path)
        }
    }

    /// The number of pages in the image at `path` (1 for a PNG or JPEG).
    public static func pageCount(path: String) throws -> Int {
        let bytes = try contents(of: path)
        switch format(of: bytes) {
        case .png, .jpeg: return 1
        case .tiff: return try TIFFCodec.pageCount(path: path)
        case nil: throw ImagingError.notAnImage(file: path)
        }
    }

    /// The format of image bytes, from their signature; nil when they are not PNG, TIFF or JPEG.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: PNGCodec.signature) { return .png }
        if bytes.starts(with: JPEGCodec.signature) { return .jpeg }
        if TIFFCodec.signatures.contains(where: { bytes.starts(with: $0) }) { return .tiff }
        return nil
    }

    /// The format a path's extension asks for when writing, or nil (JPEG is never written).
    public static func format(forPath path: String) -> Format? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "png": .png
        case "tif", "tiff": .tiff
        default: nil
        }
    }

    /// Encodes an image as PNG bytes.
    public static func pngData(_ image: Image) throws -> [UInt8] {
        try PNGCodec.encode(image, file: "<memory>")
    }

    /// Decodes PNG bytes; `name` identifies them in errors.
    public static func decodePNG(_ bytes: [UInt8], name: String = "<memory>") throws -> Image {
        guard format(of: bytes) == .png else { throw ImagingError.notAnImage(file: name) }
        return try PNGCodec.decode(bytes, file: name)
    }

    /// Writes `image` to `path` as PNG or TIFF (by extension). `compression` applies to TIFF.
    public static func write(_ image: Image, path: String, compression: TIFFCompression = .deflate) throws {
        try write(pages: [image], path: path, compression: compression)
    }

    /// Writes one or more pages to `path`; more than one page needs a TIFF path.
    public static func write(pages: [Image], path: String, compression: TIFFCompression = .deflate) throws {
        precondition(!pages.isEmpty, "writing an image file needs at least one page")
        guard let format = format(forPath: path) else {
            throw ImagingError.unsupported(file: path, reason: "unknown extension (use .png, .tif or .tiff)")
        }
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            switch format {
            case .png:
                guard pages.count == 1 else {
                    throw ImagingError.unsupported(
                        file: path, reason: "a png holds one page, got \(pages.count)")
                }
                let bytes = try PNGCodec.encode(pages[0], file: path)
                do {
                    try Data(bytes).write(to: URL(fileURLWithPath: temporary))
                } catch {
                    throw ImagingError.unreadable(
                        file: path, reason: "\(error.localizedDescription)".lowercased())
                }
            case .jpeg:
                throw ImagingError.unsupported(file: path, reason: "msdb reads jpeg but does not write it")
            case .tiff:
                try TIFFCodec.write(pages, path: temporary, name: path, compression: compression.codecValue)
            }
            if rename(temporary, path) != 0 {
                throw ImagingError.unreadable(
                    file: path, reason: String(cString: strerror(errno)).lowercased())
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func contents(of path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImagingError.unreadable(file: path, reason: "\(error.localizedDescription)".lowercased())
        }
    }
}
