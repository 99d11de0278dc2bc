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
}
