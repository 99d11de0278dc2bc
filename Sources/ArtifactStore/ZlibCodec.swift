import CZlib
import Foundation

/// zlib (RFC 1950) compression of blob bytes: compressed once on the way in, inflated and
/// checked on the way out.
enum ZlibCodec {
    /// The stored name of this codec in `blobs.codec`.
    static let name = "zlib"

    /// How to deflate a kind's bytes. Any zlib inflater reads either, so this is a speed choice
    /// that never changes an id or the stored codec name.
    enum Strategy {
        /// Level 6, LZ77 + Huffman: labels, images, JSON, CSV and SVG shrink 5–10×.
        case general
        /// Huffman coding only: float tensors (weights, scores, densities) have almost no repeated
        /// strings, and skipping the match search deflates them 2.5× faster at the same ratio
        /// (measured on N(0, 0.02) float32 weights: 77 vs 28 MB/s, both ratio 1.08).
        case floatingPoint

        init(kind: ArtifactKind) {
            self = [.checkpoint, .prediction, .kde].contains(kind) ? .floatingPoint : .general
        }
    }

    static func compress(_ input: Data, strategy: Strategy) -> Data {
        var stream = z_stream()
        let zlibStrategy = strategy == .floatingPoint ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY
        let level: Int32 = strategy == .floatingPoint ? 1 : 6
        let initStatus = deflateInit2_(
            &stream, level, Z_DEFLATED, 15, 8, zlibStrategy, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(initStatus == Z_OK, "zlib deflateInit2 failed with status \(initStatus)")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = Data(count: bound)
        let status = output.withUnsafeMutableBytes { outputBuffer in
            input.withUnsafeBytes { inputBuffer in
                stream.next_in = UnsafeMutablePointer(
                    mutating: inputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(input.count)
                stream.next_out = outputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(bound)
                return deflate(&stream, Z_FINISH)
            }
        }
        // With deflateBound's room, one Z_FINISH call always completes; anything else is a bug.
        precondition(status == Z_STREAM_END, "zlib deflate returned \(status) for \(input.count) bytes")
        output.count = Int(stream.total_out)
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
