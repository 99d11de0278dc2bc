import CZlib
import Foundation

/// zlib (RFC 1950) compression of blob bytes: compressed once on the way in, inflated and
/// checked on the way out.
enum ZlibCodec {
    /// The stored name of this codec in `blobs.codec`.
    static let name = "zlib"

    /// Level 6 is zlib's default. Level 1 was measured too (`msdb bench store`): see schema/README.md.
    static let level: Int32 = 6

    static func compress(_ input: Data) -> Data {
        let bound = Int(compressBound(uLong(input.count)))
        var output = Data(count: bound)
        var outputLength = uLongf(bound)
        let status = output.withUnsafeMutableBytes { outputBuffer in
            input.withUnsafeBytes { inputBuffer in
                compress2(
                    outputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self), &outputLength,
                    inputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count), level)
            }
        }
        // compress2 can only fail for lack of memory or a bad level; both are programming errors here.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status) for \(input.count) bytes")
        output.count = Int(outputLength)
        return output
    }

    /// Inflates `input`, which must expand to exactly `expectedSize` bytes.
    static func decompress(_ input: Data, expectedSize: Int) -> Result<Data, DecompressionFailure> {
        var output = Data(count: expectedSize)
        var outputLength = uLongf(expectedSize)
        var inputLength = uLong(input.count)
        let status = output.withUnsafeMutableBytes { outputBuffer in
            input.withUnsafeBytes { inputBuffer in
                uncompress2(
                    outputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self), &outputLength,
                    inputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self), &inputLength)
            }
        }
        guard status == Z_OK else {
            return .failure(DecompressionFailure(reason: "zlib stream is invalid (status \(status))"))
        }
        guard Int(outputLength) == expectedSize, Int(inputLength) == input.count else {
            return .failure(
                DecompressionFailure(
                    reason: "zlib stream inflates to \(outputLength) bytes, expected \(expectedSize)"))
        }
        return .success(output)
    }

    /// The largest expansion a valid zlib stream allows (about 1032:1), so a damaged `raw_size`
    /// cannot make a read allocate without bound.
    static func maximumInflatedSize(storedSize: Int) -> Int {
        storedSize.multipliedReportingOverflow(by: 1100).overflow ? Int.max : storedSize * 1100 + 64
    }

    struct DecompressionFailure: Error {
        let reason: String
    }
}
