public import Imaging
public import RandomStreams

/// RL, randomly generated labels (the paper's P_generate): every pixel is foreground independently
/// with probability `p`. Nothing of the clean label is used but its size.
///
/// Draws: one `nextBool(probability: p)` (one word) per pixel, in row-major order, so `p = 0` gives
/// an empty mask and `p = 1` a full one, like the official `randomGenerate`.
public struct RandomGeneration: Sendable, Equatable {
    /// The probability that a pixel is foreground.
    public let p: Double

    /// - Throws: `LabelNoiseError.probabilityOutOfRange` unless `0 ≤ p ≤ 1`.
    public init(p: Double) throws(LabelNoiseError) {
        self.p = try Probability.validated(p)
    }

    /// A `width × height` random mask drawn from `stream`.
    public func generate(width: Int, height: Int, stream: inout RandomStream) -> Mask {
        precondition(
            width > 0 && height > 0, "RandomGeneration: size must be positive, got \(width)x\(height)")
        var pixels = [UInt8](repeating: 0, count: width * height)
        for index in pixels.indices where stream.nextBool(probability: p) {
            pixels[index] = 1
        }
        return Mask(width: width, height: height, pixels: pixels)
    }
}
