extension Image {
    /// The canonical `image` encoding (schema/README.md): magic `MSDBIMG1`, width u32, height u32,
    /// channels u8, bits u8 (8 or 16), then samples row-major with channels interleaved, 8-bit
    /// samples as one byte, 16-bit as u16. A palette image is stored as its RGB expansion (RGBA
    /// if any entry is translucent), so the same picture has one id whichever way it was saved.
    public var canonicalBytes: [UInt8] {
        let expanded = paletteExpanded()
        var writer = CanonicalWriter(
            magic: "MSDBIMG1",
            reservingCapacity: expanded.samples.count * (expanded.bitDepth == .eight ? 1 : 2))
        writer.append(UInt32(expanded.width))
        writer.append(UInt32(expanded.height))
        writer.append(UInt8(expanded.channels))
        writer.append(UInt8(expanded.bitDepth.rawValue))
        if expanded.bitDepth == .eight {
            writer.append(contentsOf: expanded.samples.map { UInt8($0) })
        } else {
            for sample in expanded.samples { writer.append(sample) }
        }
        return writer.bytes
    }

    /// Decodes the canonical `image` encoding.
    public init(canonicalBytes bytes: [UInt8]) throws(ImagingError) {
        var reader = try CanonicalReader(bytes, magic: "MSDBIMG1", what: "image")
        let (width, height) = try reader.readSize()
        let channels = Int(try reader.readUInt8())
        let bits = Int(try reader.readUInt8())
        guard (1...4).contains(channels), let depth = BitDepth(rawValue: bits) else {
            throw .invalidContent(reason: "canonical image has \(channels) channels of \(bits) bits")
        }
        let count = width * height * channels
        let samples: [UInt16]
        if depth == .eight {
            samples = try reader.readBytes(count).map { UInt16($0) }
        } else {
            guard reader.remaining == count * 2 else {
                throw .invalidContent(reason: "canonical image is truncated")
            }
            var values = [UInt16](repeating: 0, count: count)
            for index in 0..<count { values[index] = try reader.readUInt16() }
            samples = values
        }
        try reader.finish()
        self.init(width: width, height: height, channels: channels, bitDepth: depth, samples: samples)
    }

    /// The image with its palette applied (itself when it has none).
    func paletteExpanded() -> Image {
        guard let palette else { return self }
        let withAlpha = palette.contains { $0.alpha != 255 }
        let channels = withAlpha ? 4 : 3
        var expanded = [UInt16]()
        expanded.reserveCapacity(samples.count * channels)
        for index in samples {
            let entry = palette[Int(index)]
            expanded.append(UInt16(entry.red))
            expanded.append(UInt16(entry.green))
            expanded.append(UInt16(entry.blue))
            if withAlpha { expanded.append(UInt16(entry.alpha)) }
        }
        return Image(width: width, height: height, channels: channels, bitDepth: .eight, samples: expanded)
    }
}
