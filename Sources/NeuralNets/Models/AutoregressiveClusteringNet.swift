internal import NumericCore
public import RandomStreams

/// The network of autoregressive unsupervised clustering (AC; Ouali, Hudelot, Tami 2020), the
/// unsupervised baseline of Table 3, sized for the CPU.
///
/// A 3×3 `MaskedConvolutionLayer` (`Cin → width`, exclusive) → BN → ReLU, then `convolutionCount − 1` masked
/// 3×3 convolutions (`width → width`, inclusive) → BN → ReLU, then a 1×1 convolution
/// (`width → clusters`, bias) and a softmax over the clusters. Input `[N, Cin, H, W]` → cluster
/// probabilities `[N, clusters, H, W]`.
///
/// `callAsFunction(_:ordering:on:)` scans the image in a `RasterOrdering`: the input is flipped and
/// turned, passed through the masked convolutions and turned back, so the probability at a pixel
/// depends only on the pixels before it in that ordering (with evaluation-mode batch norm; training
/// mode normalises with statistics of the whole batch). Two orderings of one image give two cluster
/// maps whose mutual information the AC loss maximises
/// (`Tape.invariantInformationLoss`). `inference(_:on:)` uses plain, unmasked convolutions in the
/// identity ordering. Parameters in layer order: each masked convolution's weight and bias, its batch
/// norm's weight and bias, then the 1×1 convolution's weight and bias.
public final class AutoregressiveClusteringNet: Layer {
    public let convolutions: [MaskedConvolutionLayer]
    public let norms: [BatchNormLayer]
    public let head: ConvolutionLayer

    /// Creates the network, drawing weights in layer order (PyTorch's default initialisation).
    public init(
        inChannels: Int, width: Int = 16, clusters: Int = 2, convolutionCount: Int = 3,
        initialization: Initialization = .pyTorchDefault, generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && width >= 1 && clusters >= 2 && convolutionCount >= 1,
            "AutoregressiveClusteringNet: need inChannels, width ≥ 1, clusters ≥ 2, convolutions ≥ 1, got "
                + "\(inChannels), \(width), \(clusters), \(convolutionCount)")
        var convolutions = [MaskedConvolutionLayer]()
        var norms = [BatchNormLayer]()
        for index in 0..<convolutionCount {
            convolutions.append(
                MaskedConvolutionLayer(
                    name: "masked\(index + 1)", inChannels: index == 0 ? inChannels : width,
                    outChannels: width,
                    kernelSize: 3, kind: index == 0 ? .exclusive : .inclusive, initialization: initialization,
                    generator: &generator))
            norms.append(
                BatchNormLayer(
                    name: "bn\(index + 1)", channels: width, initialization: initialization,
                    generator: &generator))
        }
        self.convolutions = convolutions
        self.norms = norms
        head = ConvolutionLayer(
            name: "head", inChannels: width, outChannels: clusters, kernelSize: 1,
            initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        zip(convolutions, norms).flatMap { $0.parameters + $1.parameters } + head.parameters
    }

    public var buffers: [Buffer] { norms.flatMap(\.buffers) }

    /// Cluster probabilities with masked convolutions, scanning in `ordering`.
    public func callAsFunction(_ input: Variable, ordering: RasterOrdering, on tape: Tape) -> Variable {
        let (_, _, h, w) = input.value.nchw("AutoregressiveClusteringNet")
        var x = tape.permutePixels(input, sources: ordering.sourceIndices(height: h, width: w))
        for (convolution, norm) in zip(convolutions, norms) {
            x = tape.relu(norm(convolution(x, on: tape), on: tape))
        }
        let probabilities = tape.softmax(head(x, on: tape))
        return tape.permutePixels(probabilities, sources: ordering.inverseIndices(height: h, width: w))
    }

    /// Cluster probabilities with plain convolutions in the identity ordering.
    public func inference(_ input: Variable, on tape: Tape) -> Variable {
        var x = input
        for (convolution, norm) in zip(convolutions, norms) {
            x = tape.relu(norm(convolution.unmasked(x, on: tape), on: tape))
        }
        return tape.softmax(head(x, on: tape))
    }
}
