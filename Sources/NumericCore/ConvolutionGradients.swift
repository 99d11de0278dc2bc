/// The gradients of a convolution-like kernel's loss with respect to its three arguments.
public struct ConvolutionGradients: Sendable {
    /// Gradient with respect to the input, shaped like the input; `nil` when not requested.
    public var input: Tensor?
    /// Gradient with respect to the weight, shaped like the weight.
    public var weight: Tensor
    /// Gradient with respect to the bias, shape `[Cout]`.
    public var bias: Tensor

    /// Creates the gradients from their parts.
    public init(input: Tensor?, weight: Tensor, bias: Tensor) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }
}
