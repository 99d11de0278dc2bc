internal import CJPEG

/// JPEG decoding through libjpeg-turbo (decode only; msdb never writes JPEG).
///
/// libjpeg reports errors by calling `error_exit`, which exits the process unless replaced. The
/// C shims in `CJPEG` (`msdb_jpeg_read_info`, `msdb_jpeg_decode`) install an error manager that
/// `longjmp`s back into the shim that called `setjmp`, so no `longjmp` crosses a Swift frame; Swift
/// sees a return code and libjpeg's message. libjpeg's warnings (corrupt data, a file cut short)
/// count as errors, so a truncated file is refused rather than padded with gray.
///
/// Formats read: 8-bit gray and colour (YCbCr or RGB), returned as 1 or 3 channels with libjpeg's
/// default decoding (accurate integer DCT, smooth chroma upsampling), as Pillow decodes them.
/// CMYK/YCCK and 12-bit files are refused. The header is checked against `ImageLimits` before any
/// pixel buffer is allocated, as for PNG.
enum JPEGCodec {
    /// Every JPEG file starts with an SOI marker followed by another marker.
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// Decodes a whole JPEG file held in memory; `file` names it in errors.
    static func decode(_ bytes: [UInt8], file: String) throws -> Image {
        var message = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX) + 1)
        var info = msdb_jpeg_info()
        let headerStatus = bytes.withUnsafeBufferPointer { data in
            msdb_jpeg_read_info(data.baseAddress, UInt(data.count), &info, &message)
        }
        guard headerStatus == 0 else {
            throw ImagingError.corrupt(file: file, reason: text(message))
        }
        let width = Int(info.width)
        let height = Int(info.height)
        try ImageLimits.check(width: width, height: height, file: file)
        let channels: Int
        switch (info.components, J_COLOR_SPACE(UInt32(info.color_space))) {
        case (1, JCS_GRAYSCALE): channels = 1
        case (3, JCS_YCbCr), (3, JCS_RGB): channels = 3
        case (4, JCS_CMYK), (4, JCS_YCCK):
            throw ImagingError.unsupported(file: file, reason: "cmyk jpeg (convert it to rgb first)")
        case (let components, _):
            throw ImagingError.unsupported(
                file: file, reason: "jpeg with \(components) components in colour space \(info.color_space)")
        }
        try ImageLimits.check(width: width, height: height, channels: channels, file: file)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let status = bytes.withUnsafeBufferPointer { data in
            pixels.withUnsafeMutableBufferPointer { out in
                msdb_jpeg_decode(
                    data.baseAddress, UInt(data.count), Int32(channels), out.baseAddress, UInt(out.count),
                    &message)
            }
        }
        switch status {
        case 0:
            return Image(
                width: width, height: height, channels: channels, bitDepth: .eight,
                samples: pixels.map { UInt16($0) })
        case 2:
            throw ImagingError.unsupported(
                file: file, reason: "jpeg whose decoded size differs from its header")
        default:
            throw ImagingError.corrupt(file: file, reason: text(message))
        }
    }

    /// libjpeg's message, lowercased, from a NUL-terminated buffer.
    private static func text(_ message: [CChar]) -> String {
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let reason = String(decoding: bytes, as: UTF8.self)
        return reason.isEmpty ? "libjpeg gave no reason" : reason.lowercased()
    }
}
