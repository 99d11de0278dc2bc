public import NumericCore

/// A trainable tensor with an identity: layers own parameters, the tape accumulates their gradients,
/// optimizers keep per-parameter state keyed by this object's identity.
public final class Parameter {
    /// A name for reports and checkpoints, e.g. `"encoder1.conv1.weight"`; not required to be unique.
    public var name: String
    /// The current value.
    public var value: Tensor
    /// The gradient accumulated by `Tape.backward(from:)` since the last `zeroGradient()`, shaped like
    /// `value`; `nil` when nothing has been accumulated.
    public var gradient: Tensor?

    /// Creates a parameter holding `value`.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
    }

    /// Forgets the accumulated gradient.
    public func zeroGradient() {
        gradient = nil
    }

    /// Adds `delta` to the accumulated gradient.
    func accumulateGradient(_ delta: Tensor) {
        precondition(
            delta.shape == value.shape,
            "Parameter \(name): gradient shape \(delta.shape) for value shape \(value.shape)")
        if gradient == nil {
            gradient = delta
        } else {
            gradient? += delta
        }
    }
}
