internal import CTIFF
internal import Foundation

/// TIFF reading and writing through libtiff.
///
/// libtiff reports problems through error and warning handlers, which are C variadic callbacks.
/// Each file is opened with `TIFFOpenExt` and its own `TIFFOpenOptions`, whose per-handle error
/// handler (`TIFFOpenOptionsSetErrorHandlerExtR`, libtiff ≥ 4.5) receives a `va_list` that Swift
/// formats with `vsnprintf` into a message collected for this file only; warnings are dropped. The
/// process-wide handlers are set to nil so that nothing libtiff says reaches stderr. The same
/// options cap any single libtiff allocation (`maxLibtiffAllocation`), so a damaged strip table
/// cannot make libtiff allocate without bound.
///
/// Formats read: strip-organised, contiguous 8/16-bit unsigned samples; gray (min-is-black, or
/// min-is-white, inverted on read), gray + alpha, RGB, RGBA, 8-bit palette; any compression libtiff
/// decodes (none, LZW, deflate, PackBits, ...). Tiled, planar-separate, bilevel and floating-point
/// files are refused as unsupported. Written: one or more pages, uncompressed, LZW or deflate.
enum TIFFCodec {
    /// Compression for written files.
    enum Compression: Int, Sendable {
        case none = 1
        case lzw = 5
        case deflate = 8
    }

    /// Tag and value numbers from the TIFF 6.0 specification (spelled out because some of libtiff's
    /// macros do not import into Swift).
    private enum Tag {
        static let imageWidth: UInt32 = 256
        static let imageLength: UInt32 = 257
        static let bitsPerSample: UInt32 = 258
        static let compression: UInt32 = 259
        static let photometric: UInt32 = 262
        static let samplesPerPixel: UInt32 = 277
        static let rowsPerStrip: UInt32 = 278
        static let planarConfig: UInt32 = 284
        static let colorMap: UInt32 = 320
        static let extraSamples: UInt32 = 338
        static let sampleFormat: UInt32 = 339
    }

    private enum Photometric {
        static let minIsWhite: UInt16 = 0
        static let minIsBlack: UInt16 = 1
        static let rgb: UInt16 = 2
        static let palette: UInt16 = 3
    }

    /// The two byte-order signatures a TIFF file starts with ("II*\0" and "MM\0*").
    static let signatures: [[UInt8]] = [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]

    /// The largest single allocation libtiff may make for one file: 1 GiB.
    static let maxLibtiffAllocation = 1 << 30

    /// One open file with its options and messages; closed by `close()`.
    private struct Handle {
        let tiff: OpaquePointer
        let messages: TIFFMessages
        let retained: Unmanaged<TIFFMessages>
        let options: OpaquePointer

        func close() {
            TIFFClose(tiff)
            TIFFOpenOptionsFree(options)
            retained.release()
        }
    }

    /// Silences libtiff's process-wide handlers once; per-file handlers do the reporting.
    private static let silenceGlobalHandlers: Void = {
        _ = TIFFSetErrorHandler(nil)
        _ = TIFFSetWarningHandler(nil)
    }()

    /// Opens `path` in `mode` ("r" or "w") with per-file handlers and the allocation cap; errors
    /// name the file `name` (the target when writing through a temporary file), else `path`.
    private static func open(_ path: String, mode: String, name: String? = nil) throws -> Handle {
        _ = silenceGlobalHandlers
        let messages = TIFFMessages()
        let retained = Unmanaged.passRetained(messages)
        guard let options = TIFFOpenOptionsAlloc() else {
            retained.release()
            throw ImagingError.unreadable(file: path, reason: "libtiff could not allocate its options")
        }
        TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(maxLibtiffAllocation))
        TIFFOpenOptionsSetErrorHandlerExtR(options, collectError, retained.toOpaque())
        TIFFOpenOptionsSetWarningHandlerExtR(options, dropWarning, nil)
        guard let tiff = TIFFOpenExt(path, mode, options) else {
            TIFFOpenOptionsFree(options)
            retained.release()
            if mode == "w" {
                throw ImagingError.unreadable(file: name ?? path, reason: messages.summary)
            }
            throw ImagingError.corrupt(file: name ?? path, reason: messages.summary)
        }
        return Handle(tiff: tiff, messages: messages, retained: retained, options: options)
    }

    /// The number of pages (image file directories) in a TIFF file.
    static func pageCount(path: String) throws -> Int {
        let handle = try open(path, mode: "r")
        defer { handle.close() }
        return Int(TIFFNumberOfDirectories(handle.tiff))
    }

    /// Reads page `page` (0 is the first) of the TIFF file at `path`.
    static func read(path: String, page: Int) throws -> Image {
        let handle = try open(path, mode: "r")
        defer { handle.close() }
        let tiff = handle.tiff
        let pages = Int(TIFFNumberOfDirectories(tiff))
        guard page >= 0, page < pages else {
            throw ImagingError.noSuchPage(file: path, page: page, pages: pages)
        }
        if page > 0, TIFFSetDirectory(tiff, tdir_t(page)) == 0 {
            throw ImagingError.corrupt(file: path, reason: handle.messages.summary)
        }
        let width = Int(try field32(tiff, Tag.imageWidth, path: path))
        let height = Int(try field32(tiff, Tag.imageLength, path: path))
        try ImageLimits.check(width: width, height: height, file: path)
        let bits = defaulted16(tiff, Tag.bitsPerSample)
        let channels = Int(defaulted16(tiff, Tag.samplesPerPixel))
        let sampleFormat = defaulted16(tiff, Tag.sampleFormat)
        let planar = defaulted16(tiff, Tag.planarConfig)
        guard TIFFIsTiled(tiff) == 0 else { throw ImagingError.unsupported(file: path, reason: "tiled tiff") }
        guard bits == 8 || bits == 16 else {
            throw ImagingError.unsupported(file: path, reason: "\(bits) bits per sample (8 or 16 are read)")
        }
        guard sampleFormat == 1 else {
            throw ImagingError.unsupported(
                file: path, reason: "sample format \(sampleFormat) (unsigned only)")
        }
        guard (1...4).contains(channels), channels == 1 || planar == 1 else {
            throw ImagingError.unsupported(
                file: path, reason: "\(channels) samples per pixel, planar configuration \(planar)")
        }
        try ImageLimits.check(width: width, height: height, channels: channels, file: path)
        let photometric = try photometricTag(tiff, channels: channels, path: path)
        let samples = try readSamples(
            handle, width: width, height: height, channels: channels, bits: Int(bits), path: path)
        let depth: Image.BitDepth = bits == 8 ? .eight : .sixteen
        switch photometric {
        case Photometric.minIsWhite:
            let top = UInt16(depth.maxValue)
            return Image(
                width: width, height: height, channels: channels, bitDepth: depth,
                samples: samples.map { top - $0 })
        case Photometric.palette:
            guard channels == 1, bits == 8 else {
                throw ImagingError.unsupported(file: path, reason: "palette tiff with \(bits)-bit samples")
            }
            let palette = try colorMap(tiff, path: path)
            return Image(
                width: width, height: height, channels: 1, bitDepth: .eight, samples: samples,
                palette: palette)
        default:
            return Image(width: width, height: height, channels: channels, bitDepth: depth, samples: samples)
        }
    }

    /// Reads every scanline, checking that the row size is what the header implies.
    private static func readSamples(
        _ handle: Handle, width: Int, height: Int, channels: Int, bits: Int, path: String
    ) throws -> [UInt16] {
        let rowSamples = width * channels
        let rowBytes = rowSamples * bits / 8
        guard Int(TIFFScanlineSize64(handle.tiff)) == rowBytes else {
            throw ImagingError.corrupt(file: path, reason: "scanline size does not match \(width) pixels")
        }
        // Grown row by row, so a header that claims more rows than the file holds costs only
        // the rows that actually decode.
        var samples: [UInt16] = []
        samples.reserveCapacity(min(rowSamples * height, 1 << 22))
        var row = [UInt8](repeating: 0, count: rowBytes)
        for y in 0..<height {
            let status = row.withUnsafeMutableBytes {
                TIFFReadScanline(handle.tiff, $0.baseAddress, UInt32(y), 0)
            }
            guard status == 1 else {
                throw ImagingError.corrupt(file: path, reason: "row \(y): \(handle.messages.summary)")
            }
            if bits == 8 {
                samples.append(contentsOf: row.lazy.map { UInt16($0) })
            } else {
                row.withUnsafeBytes { raw in
                    for index in 0..<rowSamples {
                        samples.append(raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                    }
                }
            }
        }
        return samples
    }

    private static func photometricTag(_ tiff: OpaquePointer, channels: Int, path: String) throws -> UInt16 {
        var value: UInt16 = 0
        let found = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetField(tiff, Tag.photometric, $0) }
        }
        if found == 0 { return channels >= 3 ? Photometric.rgb : Photometric.minIsBlack }
        let expected: [UInt16] =
            switch channels {
            case 1: [Photometric.minIsWhite, Photometric.minIsBlack, Photometric.palette]
            case 2: [Photometric.minIsWhite, Photometric.minIsBlack]
            default: [Photometric.rgb]
            }
        guard expected.contains(value) else {
            throw ImagingError.unsupported(
                file: path, reason: "photometric interpretation \(value) with \(channels) samples per pixel")
        }
        return value
    }

    private static func colorMap(_ tiff: OpaquePointer, path: String) throws -> [Image.PaletteEntry] {
        var red: UnsafeMutablePointer<UInt16>?
        var green: UnsafeMutablePointer<UInt16>?
        var blue: UnsafeMutablePointer<UInt16>?
        let found = withUnsafeMutablePointer(to: &red) { r in
            withUnsafeMutablePointer(to: &green) { g in
                withUnsafeMutablePointer(to: &blue) { b in
                    withVaList([r, g, b]) { TIFFVGetField(tiff, Tag.colorMap, $0) }
                }
            }
        }
        guard found != 0, let red, let green, let blue else {
            throw ImagingError.corrupt(file: path, reason: "palette tiff without a colour map")
        }
        return (0..<256).map { entry in
            Image.PaletteEntry(
                red: UInt8(red[entry] >> 8), green: UInt8(green[entry] >> 8), blue: UInt8(blue[entry] >> 8))
        }
    }

    private static func field32(_ tiff: OpaquePointer, _ tag: UInt32, path: String) throws -> UInt32 {
        var value: UInt32 = 0
        let found = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetField(tiff, tag, $0) }
        }
        guard found != 0 else { throw ImagingError.corrupt(file: path, reason: "missing tag \(tag)") }
        return value
    }

    private static func defaulted16(_ tiff: OpaquePointer, _ tag: UInt32) -> UInt16 {
        var value: UInt16 = 0
        _ = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) { TIFFVGetFieldDefaulted(tiff, tag, $0) }
        }
        return value
    }

    /// Writes `pages` as one TIFF file (page 0 first) with the given compression; errors name
    /// the file `name`.
    static func write(_ pages: [Image], path temporaryPath: String, name: String, compression: Compression)
        throws
    {
        precondition(!pages.isEmpty, "a tiff file needs at least one page")
        let path = name
        let handle = try open(temporaryPath, mode: "w", name: name)
        var closed = false
        defer { if !closed { handle.close() } }
        for image in pages {
            try writePage(image, handle: handle, compression: compression, path: path)
        }
        closed = true
        handle.close()
        if !handle.messages.errors.isEmpty {
            throw ImagingError.unreadable(file: path, reason: handle.messages.summary)
        }
    }

    private static func writePage(_ image: Image, handle: Handle, compression: Compression, path: String)
        throws
    {
        let tiff = handle.tiff
        let photometric: UInt16 =
            image.palette != nil
            ? Photometric.palette : image.channels >= 3 ? Photometric.rgb : Photometric.minIsBlack
        var ok = set(tiff, Tag.imageWidth, [UInt32(image.width)])
        ok = ok && set(tiff, Tag.imageLength, [UInt32(image.height)])
        ok = ok && set(tiff, Tag.bitsPerSample, [Int32(image.bitDepth.rawValue)])
        ok = ok && set(tiff, Tag.samplesPerPixel, [Int32(image.channels)])
        ok = ok && set(tiff, Tag.photometric, [Int32(photometric)])
        ok = ok && set(tiff, Tag.planarConfig, [Int32(1)])
        ok = ok && set(tiff, Tag.compression, [Int32(compression.rawValue)])
        ok = ok && set(tiff, Tag.rowsPerStrip, [TIFFDefaultStripSize(tiff, 0)])
        if image.channels == 2 || image.channels == 4 {
            var kinds: [UInt16] = [2]  // unassociated alpha
            ok =
                ok
                && kinds.withUnsafeMutableBufferPointer { buffer in
                    buffer.baseAddress.map { set(tiff, Tag.extraSamples, [Int32(1), $0]) } ?? false
                }
        }
        if let palette = image.palette {
            var red = [UInt16](repeating: 0, count: 256)
            var green = red
            var blue = red
            for (index, entry) in palette.enumerated() {
                red[index] = UInt16(entry.red) * 257
                green[index] = UInt16(entry.green) * 257
                blue[index] = UInt16(entry.blue) * 257
            }
            ok =
                ok
                && red.withUnsafeMutableBufferPointer { r in
                    green.withUnsafeMutableBufferPointer { g in
                        blue.withUnsafeMutableBufferPointer { b in
                            guard let r = r.baseAddress, let g = g.baseAddress, let b = b.baseAddress else {
                                return false
                            }
                            return set(tiff, Tag.colorMap, [r, g, b])
                        }
                    }
                }
        }
        guard ok else { throw ImagingError.unreadable(file: path, reason: handle.messages.summary) }
        let rowSamples = image.width * image.channels
        for y in 0..<image.height {
            let slice = image.samples[(y * rowSamples)..<((y + 1) * rowSamples)]
            let status: Int32
            if image.bitDepth == .eight {
                var row = slice.map { UInt8($0) }
                status = row.withUnsafeMutableBytes { TIFFWriteScanline(tiff, $0.baseAddress, UInt32(y), 0) }
            } else {
                var row = Array(slice)
                status = row.withUnsafeMutableBytes { TIFFWriteScanline(tiff, $0.baseAddress, UInt32(y), 0) }
            }
            guard status == 1 else {
                throw ImagingError.unreadable(file: path, reason: "row \(y): \(handle.messages.summary)")
            }
        }
        guard TIFFWriteDirectory(tiff) == 1 else {
            throw ImagingError.unreadable(file: path, reason: handle.messages.summary)
        }
    }

    /// `TIFFSetField` through its `va_list` form; true on success.
    private static func set(_ tiff: OpaquePointer, _ tag: UInt32, _ values: [any CVarArg]) -> Bool {
        withVaList(values) { TIFFVSetField(tiff, tag, $0) } == 1
    }
}

/// The error messages libtiff reports for one open file (one file is used by one thread at a time).
private final class TIFFMessages {
    var errors: [String] = []

    var summary: String {
        errors.isEmpty ? "libtiff gave no reason" : errors.joined(separator: "; ").lowercased()
    }
}

/// libtiff's per-file error handler: formats the message and appends it to the file's messages.
private func collectError(
    _ tiff: OpaquePointer?, _ userData: UnsafeMutableRawPointer?, _ module: UnsafePointer<CChar>?,
    _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?
) -> Int32 {
    guard let userData, let format, let arguments else { return 1 }
    var buffer = [CChar](repeating: 0, count: 512)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let text = buffer.withUnsafeBytes { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    Unmanaged<TIFFMessages>.fromOpaque(userData).takeUnretainedValue().errors.append(text)
    return 1
}

/// libtiff's per-file warning handler: warnings (unknown tags and the like) are dropped.
private func dropWarning(
    _ tiff: OpaquePointer?, _ userData: UnsafeMutableRawPointer?, _ module: UnsafePointer<CChar>?,
    _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?
) -> Int32 {
    1
}
