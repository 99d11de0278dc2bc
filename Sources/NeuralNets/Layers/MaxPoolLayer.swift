/// 2×2 stride-2 max-pooling: `[N, C, H, W]` → `[N, C, ⌊H/2⌋, ⌊W/2⌋]`.
public final class MaxPoolLayer: UnaryLayer {
    /// Creates the layer.
    public init() {}

    public var parameters: [Parameter] { [] }

    public var buffers: [Buffer] { [] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        tape.maxPool2x2(input)
    }
}
