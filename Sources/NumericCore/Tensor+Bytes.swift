/// Raw byte views of a tensor's scalars, the building block of checkpoint and artifact encodings
/// (the container format — shape header, compression — belongs to the store's documented encodings).
extension Tensor {
    /// The scalars as IEEE 754 binary32 values, little-endian, in row-major order: `4 · count` bytes.
    /// The same tensor gives the same bytes on every platform (NaN payloads included).
    public var littleEndianBytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 * count)
        for value in scalars {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Creates a tensor of `shape` from `4 · count` little-endian binary32 bytes (the inverse of
    /// `littleEndianBytes`), or returns `nil` when the byte count does not match the shape.
    public init?(shape: [Int], littleEndianBytes bytes: [UInt8]) {
        let count = Tensor.elementCount(of: shape)
        guard bytes.count == 4 * count else { return nil }
        var scalars = [Float]()
        scalars.reserveCapacity(count)
        for index in 0..<count {
            let offset = 4 * index
            let bits =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            scalars.append(Float(bitPattern: bits))
        }
        self.init(shape: shape, scalars: scalars)
    }
}
