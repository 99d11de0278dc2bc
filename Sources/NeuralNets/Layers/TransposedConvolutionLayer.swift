internal import NumericCore
public import RandomStreams

/// The 2×2, stride-2 transposed convolution of U-Net's up path (PyTorch
/// `ConvTranspose2d(Cin, Cout, kernel_size: 2, stride: 2)`).
///
/// Input `[N, Cin, H, W]` → output `[N, Cout, 2H, 2W]`. Weight `[Cin, Cout, 2, 2]` and bias `[Cout]`
/// drawn as `Initialization` says (officially `N(0, 0.02)` and 0). Parameters in order: weight, bias
/// (if any).
public final class TransposedConvolutionLayer: UnaryLayer {
    /// `[Cin, Cout, 2, 2]`.
    public let weight: Parameter
    /// `[Cout]` or `nil`.
    public let bias: Parameter?

    /// Creates the layer, drawing the weight from `generator` in row-major order.
    public init(
        name: String = "up", inChannels: Int, outChannels: Int, bias: Bool = true,
        initialization: Initialization = .official, generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && outChannels >= 1,
            "TransposedConvolutionLayer \(name): need positive channels, got \(inChannels)→\(outChannels)")
        let shape = [inChannels, outChannels, 2, 2]
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
        tape.transposedConvolution2x2(
            input, weight: tape.parameter(weight), bias: bias.map { tape.parameter($0) })
    }
}
