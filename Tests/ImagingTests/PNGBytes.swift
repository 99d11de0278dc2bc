/// Hand-built PNG bytes for hostile-input tests: chunks with correct CRCs, so that a mutated
/// field reaches the decoder instead of failing the checksum.
enum PNGBytes {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The CRC-32 (ISO 3309, as PNG uses) of `bytes`.
    static func crc32<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
    }

    /// One chunk: length, type, data, CRC over type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// An IHDR chunk (no interlace).
    static func header(width: UInt32, height: UInt32, depth: UInt8, colourType: UInt8) -> [UInt8] {
        chunk("IHDR", bigEndian(width) + bigEndian(height) + [depth, colourType, 0, 0, 0])
    }

    /// A whole file with one IDAT chunk.
    static func file(width: UInt32, height: UInt32, depth: UInt8, colourType: UInt8, data: [UInt8]) -> [UInt8]
    {
        signature + header(width: width, height: height, depth: depth, colourType: colourType)
            + chunk("IDAT", data) + chunk("IEND", [])
    }

    /// Recomputes the CRC of every whole chunk in a (mutated) file, so that the mutation is judged
    /// by the decoder's parsing rather than rejected by the checksum. Stops where the chunk
    /// structure breaks off.
    static func fixingCRCs(_ bytes: [UInt8]) -> [UInt8] {
        var output = bytes
        var offset = 8
        while offset + 12 <= output.count {
            let length = output[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard end <= output.count else { break }
            let crc = bigEndian(crc32(output[(offset + 4)..<(end - 4)]))
            output.replaceSubrange((end - 4)..<end, with: crc)
            offset = end
        }
        return output
    }

    /// A zlib stream that inflates to `count` zero bytes, at the deflate maximum of 1032:1: one
    /// dynamic-Huffman block whose only codes are literal 0, end-of-block, length 258 (one bit) and
    /// distance 1 (one bit), so each 258-byte match costs two bits. A decompression bomb.
    static func zeroStream(inflatingTo count: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes = [0x78, 0x01]  // zlib header: deflate, 32 KiB window, no dictionary
        writer.write(1, bits: 1)  // BFINAL
        writer.write(2, bits: 2)  // BTYPE = dynamic
        writer.write(29, bits: 5)  // HLIT: 286 literal/length codes
        writer.write(0, bits: 5)  // HDIST: 1 distance code
        writer.write(14, bits: 4)  // HCLEN: 18 code-length codes
        // Code-length code lengths in the order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
        // symbol 18 gets one bit (code 0), symbols 1 and 2 two bits (codes 10 and 11).
        for length in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] {
            writer.write(UInt32(length), bits: 3)
        }
        let codeForTwo = (code: UInt32(0b11), bits: 2)
        let codeForOne = (code: UInt32(0b10), bits: 2)
        func zeros(_ run: Int) {  // symbol 18: a run of 11...138 zero lengths
            writer.writeCode(0, bits: 1)
            writer.write(UInt32(run - 11), bits: 7)
        }
        writer.writeCode(codeForTwo.code, bits: codeForTwo.bits)  // literal 0: length 2
        zeros(138)
        zeros(117)  // literals 1...255 unused
        writer.writeCode(codeForTwo.code, bits: codeForTwo.bits)  // 256 (end of block): length 2
        zeros(28)  // 257...284 unused
        writer.writeCode(codeForOne.code, bits: codeForOne.bits)  // 285 (length 258): length 1
        writer.writeCode(codeForOne.code, bits: codeForOne.bits)  // distance code 0: length 1
        // Literal/length codes: 285 → 0, literal 0 → 10, end of block → 11. Distance 0 → 0.
        writer.writeCode(0b10, bits: 2)
        var remaining = count - 1
        while remaining >= 258 {
            writer.writeZeroBits(2)
            remaining -= 258
        }
        for _ in 0..<remaining { writer.writeCode(0b10, bits: 2) }
        writer.writeCode(0b11, bits: 2)
        writer.flush()
        // Adler-32 of `count` zero bytes: a = 1, b = count mod 65521.
        return writer.bytes + bigEndian(UInt32(count % 65521) << 16 | 1)
    }
}

/// Packs bits least-significant first, as deflate does.
struct BitWriter {
    var bytes: [UInt8] = []
    private var current: UInt32 = 0
    private var used = 0

    /// Writes `bits` bits of `value`, least significant first (header fields, extra bits).
    mutating func write(_ value: UInt32, bits: Int) {
        for index in 0..<bits { push(value >> UInt32(index) & 1) }
    }

    /// Writes a Huffman code, most significant bit first.
    mutating func writeCode(_ code: UInt32, bits: Int) {
        for index in stride(from: bits - 1, through: 0, by: -1) { push(code >> UInt32(index) & 1) }
    }

    /// Writes `count` zero bits quickly.
    mutating func writeZeroBits(_ count: Int) {
        for _ in 0..<count { push(0) }
    }

    mutating func flush() {
        if used > 0 {
            bytes.append(UInt8(current))
            current = 0
            used = 0
        }
    }

    private mutating func push(_ bit: UInt32) {
        current |= bit << UInt32(used)
        used += 1
        if used == 8 { flush() }
    }
}
