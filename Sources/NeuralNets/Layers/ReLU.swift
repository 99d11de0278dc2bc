/// `max(x, 0)` element-wise; any shape.
public final class ReLU: UnaryLayer {
    /// Creates the layer.
    public init() {}

    public var parameters: [Parameter] { [] }

    public var buffers: [Buffer] { [] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        tape.relu(input)
    }
}
