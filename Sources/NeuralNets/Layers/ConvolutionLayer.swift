public import NumericCore
public import RandomStreams

/// A 2-D convolution layer (PyTorch `Conv2d`, one group).
///
/// Input `[N, Cin, H, W]` → output `[N, Cout, Ho, Wo]`, `Ho = ⌊(H + 2p − d·(k − 1) − 1) / s⌋ + 1`
/// (likewise `Wo`). Weight `[Cout, Cin, k, k]` and bias `[Cout]` drawn as `Initialization` says
/// (officially `N(0, 0.02)` and 0). Parameters in order: weight, bias (if any).
public final class ConvolutionLayer: UnaryLayer {
    /// `[Cout, Cin, k, k]`.
    public let weight: Parameter
    /// `[Cout]`, or `nil` for a layer without bias (for example before batch normalisation).
    public let bias: Parameter?
    /// Stride, padding and dilation.
    public let convolution: Convolution2D

    /// Creates the layer, drawing the weight from `generator` in row-major order.
    public init(
        name: String = "conv", inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1,
        padding: Int = 0, dilation: Int = 1, bias: Bool = true, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && outChannels >= 1 && kernelSize >= 1,
            "ConvolutionLayer \(name): need positive channels and kernel, got \(inChannels)→\(outChannels), k=\(kernelSize)"
        )
        convolution = Convolution2D(stride: stride, padding: padding, dilation: dilation)
        let shape = [outChannels, inChannels, kernelSize, kernelSize]
        weight = Parameter(
            name: name + ".weight",
            value: initialization.convolutionWeight(shape: shape, generator: &generator))
        self.bias =
            bias
            ? Parameter(
                name: name + ".bias",
                value: initialization.convolutionBias(
                    count: outChannels, weightShape: shape, generator: &generator))
            : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public var buffers: [Buffer] { [] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        tape.convolution(
            input, weight: tape.parameter(weight), bias: bias.map { tape.parameter($0) }, convolution)
    }
}
