internal import CPNG

/// PNG decoding and encoding through libpng's simplified `png_image` API.
///
/// libpng reports errors by `longjmp`, which must never cross Swift frames. The simplified API
/// catches its own `longjmp` inside libpng and returns 0 with a message, so no Swift code runs
/// between `setjmp` and `longjmp`; that is why this codec uses nothing else from libpng.
///
/// Formats read: 1/2/4/8-bit gray (expanded to 8 bits), 8-bit gray + alpha, RGB, RGBA, 16-bit gray
/// and RGB, palette (indices kept, palette returned). 16-bit images with alpha are refused, because
/// the simplified API premultiplies 16-bit alpha and the samples would not come back unchanged.
/// Samples are returned as stored. The simplified API converts between gamma encodings when a file
/// declares one (gAMA, sRGB, iCCP, cHRM, cICP chunks): an 8-bit file with gAMA 1.0 would come
/// back brightened, a 16-bit file with an sRGB chunk linearised. Segmentation data must keep its
/// stored values, so those ancillary chunks are dropped before libpng sees the bytes; without them
/// libpng assumes sRGB for 8-bit and linear for 16-bit output, which are the identity.
enum PNGCodec {
    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `PNG_FORMAT_RGBA_COLORMAP`, spelled out because Swift does not import nested macros.
    private static let rgbaColormap = UInt32(
        PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_COLORMAP)

    /// Decodes a whole PNG file held in memory; `file` names it in errors.
    static func decode(_ bytes: [UInt8], file: String) throws -> Image {
        try withoutColourSpaceChunks(bytes).withUnsafeBytes { buffer in
            var control = png_image()
            control.version = UInt32(PNG_IMAGE_VERSION)
            defer { png_image_free(&control) }
            guard png_image_begin_read_from_memory(&control, buffer.baseAddress, buffer.count) != 0 else {
                throw ImagingError.corrupt(file: file, reason: message(of: control))
            }
            let width = Int(control.width)
            let height = Int(control.height)
            try ImageLimits.check(width: width, height: height, file: file)
            let native = control.format
            let sixteen = native & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
            let hasAlpha = native & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
            let isPalette = native & UInt32(PNG_FORMAT_FLAG_COLORMAP) != 0
            let nativeChannels = Int(native & UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)) + 1
            try ImageLimits.check(
                width: width, height: height, channels: isPalette ? 1 : nativeChannels, file: file)
            try checkCompressedSize(bytes, width: width, height: height, file: file)
            if isPalette {
                return try readPalette(&control, width: width, height: height, file: file)
            }
            if sixteen && hasAlpha {
                throw ImagingError.unsupported(file: file, reason: "16-bit png with alpha")
            }
            let layout = native & UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
            let channels = Int(layout) + 1
            control.format = layout | (sixteen ? UInt32(PNG_FORMAT_FLAG_LINEAR) : 0)
            let count = width * height * channels
            if sixteen {
                var samples = [UInt16](repeating: 0, count: count)
                let done = samples.withUnsafeMutableBytes { out in
                    png_image_finish_read(&control, nil, out.baseAddress, 0, nil)
                }
                guard done != 0 else { throw ImagingError.corrupt(file: file, reason: message(of: control)) }
                return Image(
                    width: width, height: height, channels: channels, bitDepth: .sixteen, samples: samples)
            }
            var bytes = [UInt8](repeating: 0, count: count)
            let done = bytes.withUnsafeMutableBytes { out in
                png_image_finish_read(&control, nil, out.baseAddress, 0, nil)
            }
            guard done != 0 else { throw ImagingError.corrupt(file: file, reason: message(of: control)) }
            return Image(
                width: width, height: height, channels: channels, bitDepth: .eight,
                samples: bytes.map { UInt16($0) })
        }
    }

    /// Reads a palette image as its indices plus an RGBA palette.
    private static func readPalette(
        _ control: inout png_image, width: Int, height: Int, file: String
    ) throws -> Image {
        control.format = rgbaColormap
        var indices = [UInt8](repeating: 0, count: width * height)
        var colormap = [UInt8](repeating: 0, count: 4 * 256)
        let done = indices.withUnsafeMutableBytes { out in
            colormap.withUnsafeMutableBytes { map in
                png_image_finish_read(&control, nil, out.baseAddress, 0, map.baseAddress)
            }
        }
        guard done != 0 else { throw ImagingError.corrupt(file: file, reason: message(of: control)) }
        let entries = Int(control.colormap_entries)
        guard (1...256).contains(entries) else {
            throw ImagingError.corrupt(file: file, reason: "palette with \(entries) entries")
        }
        let palette = (0..<entries).map { entry in
            Image.PaletteEntry(
                red: colormap[4 * entry], green: colormap[4 * entry + 1], blue: colormap[4 * entry + 2],
                alpha: colormap[4 * entry + 3])
        }
        if let largest = indices.max(), Int(largest) >= entries {
            throw ImagingError.corrupt(
                file: file, reason: "palette index \(largest) beyond \(entries) entries")
        }
        return Image(
            width: width, height: height, channels: 1, bitDepth: .eight, samples: indices.map { UInt16($0) },
            palette: palette)
    }

    /// Encodes an image as PNG bytes (8/16-bit gray, gray + alpha, RGB, RGBA; 8-bit palette).
    static func encode(_ image: Image, file: String) throws -> [UInt8] {
        var control = png_image()
        control.version = UInt32(PNG_IMAGE_VERSION)
        control.width = UInt32(image.width)
        control.height = UInt32(image.height)
        defer { png_image_free(&control) }
        let layout = UInt32(image.channels - 1)
        var colormap: [UInt8] = []
        var pixels: [UInt8]
        if let palette = image.palette {
            control.format = rgbaColormap
            control.colormap_entries = UInt32(palette.count)
            colormap = palette.flatMap { [$0.red, $0.green, $0.blue, $0.alpha] }
            pixels = image.samples.map { UInt8($0) }
        } else if image.bitDepth == .sixteen {
            guard layout & UInt32(PNG_FORMAT_FLAG_ALPHA) == 0 else {
                throw ImagingError.unsupported(file: file, reason: "16-bit png with alpha")
            }
            control.format = layout | UInt32(PNG_FORMAT_FLAG_LINEAR)
            pixels = image.samples.withUnsafeBytes { Array($0) }
        } else {
            control.format = layout
            pixels = image.samples.map { UInt8($0) }
        }
        var size = 0
        let sized = pixels.withUnsafeBytes { raw in
            colormap.withUnsafeBytes { map in
                png_image_write_to_memory(&control, nil, &size, 0, raw.baseAddress, 0, map.baseAddress)
            }
        }
        guard sized != 0, size > 0 else {
            throw ImagingError.unreadable(file: file, reason: "png encoding failed: \(message(of: control))")
        }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { raw in
                colormap.withUnsafeBytes { map in
                    png_image_write_to_memory(
                        &control, out.baseAddress, &size, 0, raw.baseAddress, 0, map.baseAddress)
                }
            }
        }
        guard written != 0 else {
            throw ImagingError.unreadable(file: file, reason: "png encoding failed: \(message(of: control))")
        }
        return Array(output.prefix(size))
    }

    /// The most bytes one byte of deflate data can inflate to (258 bytes per two-bit match is
    /// 1032:1), with a margin for block headers.
    static let maximumInflation = 1100

    /// Refuses a file whose IDAT data is too short to inflate to the pixels its header declares,
    /// before the pixel buffer is allocated: a truncated file or a header with absurd dimensions
    /// costs nothing. Reads bit depth and colour type from IHDR (libpng has already checked it).
    static func checkCompressedSize(_ bytes: [UInt8], width: Int, height: Int, file: String) throws {
        guard bytes.count >= 26 else { return }
        let depth = Int(bytes[24])
        let samplesPerPixel =
            switch bytes[25] {
            case 2: 3
            case 4: 2
            case 6: 4
            default: 1
            }
        let pixelBytes = (width * samplesPerPixel * depth + 7) / 8 * height
        var compressed = 0
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            if bytes[(offset + 4)..<(offset + 8)].elementsEqual("IDAT".utf8) {
                compressed += min(length, bytes.count - offset - 12)
            }
            offset += 12 + length
        }
        if compressed * maximumInflation < pixelBytes {
            throw ImagingError.corrupt(
                file: file,
                reason:
                    "\(compressed) bytes of image data cannot hold the \(width)x\(height) pixels the header declares"
            )
        }
    }

    /// The chunk types that make the simplified API convert sample values.
    private static let colourSpaceChunks: Set<[UInt8]> = Set(
        ["gAMA", "sRGB", "iCCP", "cHRM", "cICP"].map { Array($0.utf8) })

    /// The PNG bytes with colour-space chunks removed (whole chunks, so every CRC stays valid).
    /// If the chunk structure breaks off (a truncated file), the rest is copied unchanged and
    /// libpng reports the damage.
    static func withoutColourSpaceChunks(_ bytes: [UInt8]) -> [UInt8] {
        var output = Array(bytes.prefix(8))
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard length >= 0, end <= bytes.count else { break }
            let type = Array(bytes[(offset + 4)..<(offset + 8)])
            if !colourSpaceChunks.contains(type) {
                output += bytes[offset..<end]
            }
            offset = end
            if type == Array("IEND".utf8) { break }
        }
        output += bytes[min(offset, bytes.count)...]
        return output
    }

    /// libpng's error or warning text, lowercased, from the fixed-size message field.
    private static func message(of control: png_image) -> String {
        let text = withUnsafeBytes(of: control.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return text.isEmpty ? "libpng gave no reason" : text.lowercased()
    }
}
