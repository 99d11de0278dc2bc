/// Little-endian writing and bounds-checked reading for the canonical artifact encodings of
/// schema/README.md. Each encoding starts with an 8-byte magic that names kind and version.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init(magic: String, reservingCapacity capacity: Int = 0) {
        precondition(magic.utf8.count == 8, "canonical magic must be 8 bytes, got '\(magic)'")
        bytes.reserveCapacity(capacity + 32)
        bytes.append(contentsOf: magic.utf8)
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(contentsOf values: [UInt8]) { bytes.append(contentsOf: values) }
}

/// Reads a canonical encoding; every read checks the remaining length, so damaged or hostile
/// bytes throw instead of trapping.
struct CanonicalReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let what: String

    /// Starts reading after checking the magic.
    init(_ bytes: [UInt8], magic: String, what: String) throws(ImagingError) {
        self.bytes = bytes
        self.what = what
        guard bytes.count >= 8, Array(bytes[0..<8]) == Array(magic.utf8) else {
            throw .invalidContent(reason: "not a canonical \(what) (expected magic \(magic))")
        }
        offset = 8
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(ImagingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .invalidContent(reason: "canonical \(what) is truncated")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readUInt8() throws(ImagingError) -> UInt8 { try take(1).first ?? 0 }

    mutating func readUInt16() throws(ImagingError) -> UInt16 {
        try take(2).reversed().reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func readUInt32() throws(ImagingError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readDouble() throws(ImagingError) -> Double {
        Double(bitPattern: try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) })
    }

    mutating func readBytes(_ count: Int) throws(ImagingError) -> [UInt8] { Array(try take(count)) }

    /// Reads width and height (u32 each) and checks them against the pixel limit.
    mutating func readSize() throws(ImagingError) -> (width: Int, height: Int) {
        let width = Int(try readUInt32())
        let height = Int(try readUInt32())
        guard width > 0, height > 0 else {
            throw .invalidContent(reason: "canonical \(what) has size \(width)x\(height)")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= ImageLimits.maxPixels,
            width <= ImageLimits.maxPixels, height <= ImageLimits.maxPixels
        else {
            throw .tooLarge(file: what, width: width, height: height, limit: ImageLimits.maxPixels)
        }
        return (width, height)
    }

    /// Fails if bytes are left over: a canonical encoding has exactly one length.
    func finish() throws(ImagingError) {
        guard remaining == 0 else {
            throw .invalidContent(reason: "canonical \(what) has \(remaining) trailing bytes")
        }
    }
}
