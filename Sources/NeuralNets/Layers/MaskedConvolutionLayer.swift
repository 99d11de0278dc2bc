public import NumericCore
public import RandomStreams

/// A "same" 2-D convolution whose kernel is masked so that every output pixel sees only input pixels
/// that come before it in raster order (row by row, left to right), as in PixelCNN and the
/// autoregressive clustering of Ouali, Hudelot, Tami 2020.
///
/// Input `[N, Cin, H, W]` → output `[N, Cout, H, W]` (odd kernel `k`, stride 1, padding `k / 2`).
/// Weight `[Cout, Cin, k, k]`, bias `[Cout]`. With the kernel centre at `c = k / 2`, the mask keeps the
/// taps `(i, j)` with `i < c`, or `i == c` and `j < c`; the `inclusive` kind also keeps the centre
/// `(c, c)`. A first `exclusive` layer followed by `inclusive` ones therefore makes the output at a
/// pixel depend only on pixels strictly before it. The mask applies to every channel pair (no
/// PixelCNN channel grouping: msdb's images are gray).
///
/// `callAsFunction` convolves with the masked kernel (the masked taps get no gradient);
/// `unmasked(_:on:)` with the whole kernel, as the AC network does at inference. Parameters in order:
/// weight, bias.
public final class MaskedConvolutionLayer: UnaryLayer {
    /// Whether the kernel centre is kept.
    public enum Kind: Sendable, Equatable {
        /// Strictly earlier pixels only (the first layer).
        case exclusive
        /// Earlier pixels and the pixel itself (later layers).
        case inclusive
    }

    /// `[Cout, Cin, k, k]`.
    public let weight: Parameter
    /// `[Cout]`.
    public let bias: Parameter
    /// 1 for kept taps, 0 for masked ones, shaped like the weight.
    public let mask: Tensor
    public let kind: Kind
    let convolution: Convolution2D

    /// Creates the layer, drawing its weight and bias as `initialization` says.
    public init(
        name: String = "masked_conv", inChannels: Int, outChannels: Int, kernelSize: Int, kind: Kind,
        initialization: Initialization = .pyTorchDefault, generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && outChannels >= 1 && kernelSize >= 1 && kernelSize % 2 == 1,
            "MaskedConvolutionLayer \(name): need positive channels and an odd kernel, got "
                + "\(inChannels)→\(outChannels), k=\(kernelSize)")
        let shape = [outChannels, inChannels, kernelSize, kernelSize]
        weight = Parameter(
            name: name + ".weight",
            value: initialization.convolutionWeight(shape: shape, generator: &generator))
        bias = Parameter(
            name: name + ".bias",
            value: initialization.convolutionBias(
                count: outChannels, weightShape: shape, generator: &generator))
        self.kind = kind
        convolution = Convolution2D(padding: kernelSize / 2)
        let centre = kernelSize / 2
        let tap = (0..<(kernelSize * kernelSize)).map { index -> Float in
            let (i, j) = (index / kernelSize, index % kernelSize)
            let kept = i < centre || (i == centre && (j < centre || (j == centre && kind == .inclusive)))
            return kept ? 1 : 0
        }
        mask = Tensor(shape: shape, scalars: (0..<(inChannels * outChannels)).flatMap { _ in tap })
    }

    public var parameters: [Parameter] { [weight, bias] }

    public var buffers: [Buffer] { [] }

    /// The masked convolution.
    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let mask = mask
        let weightVariable = tape.parameter(weight)
        let masked = tape.record(weightVariable.value * mask, inputs: [weightVariable]) { gradient, _ in
            [gradient * mask]
        }
        return tape.convolution(input, weight: masked, bias: tape.parameter(bias), convolution)
    }

    /// The plain convolution with the whole kernel.
    public func unmasked(_ input: Variable, on tape: Tape) -> Variable {
        tape.convolution(input, weight: tape.parameter(weight), bias: tape.parameter(bias), convolution)
    }
}
