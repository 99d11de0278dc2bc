internal import Runs

/// The `prediction` artifact (schema/README.md): magic `MSDBPRD1`; `channels`, `height`, `width`
/// as u32 little-endian; then the f32 scores (little-endian) in C×H×W order. Training stores the
/// sigmoid probabilities of the one foreground channel.
public enum PredictionEncoding {
    /// The canonical bytes of `scores` (`channels·height·width` values).
    public static func bytes(channels: Int, height: Int, width: Int, scores: [Float]) -> [UInt8] {
        precondition(
            scores.count == channels * height * width,
            "PredictionEncoding: \(scores.count) scores for \(channels)×\(height)×\(width)")
        var bytes = Array("MSDBPRD1".utf8)
        for value in [channels, height, width] {
            withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.reserveCapacity(bytes.count + 4 * scores.count)
        for score in scores {
            withUnsafeBytes(of: score.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes the canonical bytes back into their shape and scores.
    ///
    /// - Throws: `PredictionDecodingError` for another magic, a short header or a wrong length.
    public static func decode(_ bytes: [UInt8]) throws -> (
        channels: Int, height: Int, width: Int, scores: [Float]
    ) {
        guard bytes.count >= 20, Array(bytes.prefix(8)) == Array("MSDBPRD1".utf8) else {
            throw PredictionDecodingError(reason: "not a prediction (no MSDBPRD1 header)")
        }
        func u32(_ offset: Int) -> Int {
            (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        let (channels, height, width) = (u32(8), u32(12), u32(16))
        let count = channels * height * width
        guard bytes.count == 20 + 4 * count else {
            throw PredictionDecodingError(
                reason:
                    "a \(channels)×\(height)×\(width) prediction needs \(20 + 4 * count) bytes, has \(bytes.count)"
            )
        }
        let scores = (0..<count).map { index -> Float in
            let offset = 20 + 4 * index
            return Float(
                bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                    | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        return (channels, height, width, scores)
    }
}

/// A `prediction` artifact that does not decode.
public struct PredictionDecodingError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "invalid prediction: \(reason)" }
}
