/// Bilinear upsampling by an integer factor (align_corners=False):
/// `[N, C, H, W]` → `[N, C, f·H, f·W]`.
public final class Upsample: UnaryLayer {
    /// The factor `f ≥ 1`.
    public let scaleFactor: Int

    /// Creates the layer.
    public init(scaleFactor: Int) {
        precondition(scaleFactor >= 1, "Upsample: scale factor must be ≥ 1, got \(scaleFactor)")
        self.scaleFactor = scaleFactor
    }

    public var parameters: [Parameter] { [] }

    public var buffers: [Buffer] { [] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let shape = input.shape
        precondition(shape.count == 4, "Upsample: expected an NCHW input, got \(shape)")
        return tape.upsampleBilinear(input, height: scaleFactor * shape[2], width: scaleFactor * shape[3])
    }
}
