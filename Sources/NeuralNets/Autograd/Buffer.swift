public import NumericCore

/// Non-trainable layer state that a checkpoint must carry (batch norm's running mean and variance):
/// a named tensor with identity, updated by the layer itself, never by an optimizer.
public final class Buffer {
    /// A name for reports and checkpoints, e.g. `"inc.bn1.running_mean"`.
    public var name: String
    /// The current value.
    public var value: Tensor

    /// Creates a buffer holding `value`.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
    }
}
