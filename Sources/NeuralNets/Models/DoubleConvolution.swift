internal import NumericCore
public import RandomStreams

/// U-Net's level block: (3×3 convolution, padding 1 → batch norm → ReLU) twice.
///
/// Input `[N, Cin, H, W]` → output `[N, Cout, H, W]`. Both convolutions carry a bias, as in the official
/// code, unless `convolutionBias` is false (the common PyTorch U-Net: a bias right before batch norm is
/// cancelled by its mean subtraction). Parameters in order: conv1 weight, conv1 bias (if any), bn1 weight,
/// bn1 bias, conv2 weight, conv2 bias (if any), bn2 weight, bn2 bias.
public final class DoubleConvolution: UnaryLayer {
    /// The first convolution, `Cin → Cout`.
    public let conv1: ConvolutionLayer
    /// The first batch norm.
    public let norm1: BatchNormLayer
    /// The second convolution, `Cout → Cout`.
    public let conv2: ConvolutionLayer
    /// The second batch norm.
    public let norm2: BatchNormLayer

    /// Creates the block, drawing its weights from `generator` in parameter order.
    public init(
        name: String, inChannels: Int, outChannels: Int, convolutionBias: Bool = true,
        initialization: Initialization = .official, generator: inout RandomStream
    ) {
        conv1 = ConvolutionLayer(
            name: name + ".conv1", inChannels: inChannels, outChannels: outChannels, kernelSize: 3,
            padding: 1, bias: convolutionBias,
            initialization: initialization, generator: &generator)
        norm1 = BatchNormLayer(
            name: name + ".bn1", channels: outChannels, initialization: initialization, generator: &generator)
        conv2 = ConvolutionLayer(
            name: name + ".conv2", inChannels: outChannels, outChannels: outChannels, kernelSize: 3,
            padding: 1, bias: convolutionBias,
            initialization: initialization, generator: &generator)
        norm2 = BatchNormLayer(
            name: name + ".bn2", channels: outChannels, initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        conv1.parameters + norm1.parameters + conv2.parameters + norm2.parameters
    }

    /// bn1 running mean and variance, bn2 running mean and variance.
    public var buffers: [Buffer] { norm1.buffers + norm2.buffers }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let first = norm1.afterConvolution(conv1, input, on: tape, relu: true)
        return norm2.afterConvolution(conv2, first, on: tape, relu: true)
    }
}
