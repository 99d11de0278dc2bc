internal import NumericCore
public import RandomStreams

/// A convolution without bias followed by batch norm and, optionally, ReLU — the unit DeepLab's
/// backbone, ASPP and decoder are built from.
///
/// Input `[N, Cin, H, W]` → output `[N, Cout, Ho, Wo]` with the `Convolution2D` shape formula.
/// Parameters in order: conv weight, bn weight, bn bias; buffers: bn running mean and variance.
public final class ConvolutionBatchNorm: UnaryLayer {
    /// The convolution (no bias: batch norm's shift replaces it).
    public let conv: ConvolutionLayer
    /// The batch norm.
    public let norm: BatchNormLayer
    /// Whether a ReLU follows.
    public let appliesReLU: Bool

    /// Creates the unit, drawing the convolution and then the batch-norm weights from `generator`.
    public init(
        name: String, inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, relu: Bool = true, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        conv = ConvolutionLayer(
            name: name + ".conv", inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize,
            stride: stride, padding: padding, dilation: dilation, bias: false, initialization: initialization,
            generator: &generator)
        norm = BatchNormLayer(
            name: name + ".bn", channels: outChannels, initialization: initialization, generator: &generator)
        appliesReLU = relu
    }

    public var parameters: [Parameter] { conv.parameters + norm.parameters }

    public var buffers: [Buffer] { norm.buffers }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        norm.afterConvolution(conv, input, on: tape, relu: appliesReLU)
    }
}
