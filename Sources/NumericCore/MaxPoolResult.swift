/// The result of a max-pooling forward pass: the pooled tensor and, for each output scalar, the flat
/// offset of its source in the input (the argmax), which the backward pass routes the gradient to.
public struct MaxPoolResult: Sendable {
    /// The pooled tensor, NCHW.
    public var output: Tensor
    /// One flat input offset per output scalar, in the output's order.
    public var argmax: [Int32]
}
