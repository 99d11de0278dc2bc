internal import NumericCore
public import RandomStreams

/// The network of differentiable feature clustering (DFC; Kim, Kanezaki, Tanaka 2020), the
/// unsupervised baseline of Table 3.
///
/// A 3×3 convolution (`Cin → q`, padding 1, bias) → ReLU → BN, then `convolutionCount − 1` more 3×3
/// convolutions (`q → q`) → ReLU → BN, then a 1×1 convolution (`q → q`, bias) → BN (no ReLU). Input `[N, Cin, H, W]` → response `[N, q, H, W]`; the cluster of a pixel is
/// the argmax over the `q` channels. The reference code uses q = 100, 2 convolutions, and PyTorch's
/// construction-time initialisation (`Initialization.pyTorchDefault`, the default here). Parameters in
/// layer order: each convolution's weight and bias, then its batch norm's weight and bias.
///
/// Its loss is `crossEntropy(response, labels: response.argmaxChannels()) + μ · continuityLoss(response)`
/// (`Tape.featureClusteringLoss`).
public final class FeatureClusteringNet: UnaryLayer {
    /// The 3×3 convolutions, first one `Cin → q`.
    public let convolutions: [ConvolutionLayer]
    /// The batch norms after each 3×3 convolution's ReLU.
    public let norms: [BatchNormLayer]
    /// The final 1×1 convolution.
    public let pointwise: ConvolutionLayer
    /// The final batch norm.
    public let pointwiseNorm: BatchNormLayer

    /// Creates the network, drawing weights in layer order.
    public init(
        inChannels: Int, channels: Int = 100, convolutionCount: Int = 2,
        initialization: Initialization = .pyTorchDefault, generator: inout RandomStream
    ) {
        precondition(
            inChannels >= 1 && channels >= 1 && convolutionCount >= 1,
            "FeatureClusteringNet: need positive sizes, got inChannels=\(inChannels) channels=\(channels) "
                + "convolutionCount=\(convolutionCount)")
        var convolutions = [ConvolutionLayer]()
        var norms = [BatchNormLayer]()
        for index in 0..<convolutionCount {
            convolutions.append(
                ConvolutionLayer(
                    name: "conv\(index + 1)", inChannels: index == 0 ? inChannels : channels,
                    outChannels: channels,
                    kernelSize: 3, padding: 1, initialization: initialization, generator: &generator))
            norms.append(
                BatchNormLayer(
                    name: "bn\(index + 1)", channels: channels, initialization: initialization,
                    generator: &generator))
        }
        self.convolutions = convolutions
        self.norms = norms
        pointwise = ConvolutionLayer(
            name: "conv_pointwise", inChannels: channels, outChannels: channels, kernelSize: 1,
            initialization: initialization, generator: &generator)
        pointwiseNorm = BatchNormLayer(
            name: "bn_pointwise", channels: channels, initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        zip(convolutions, norms).flatMap { $0.parameters + $1.parameters } + pointwise.parameters
            + pointwiseNorm.parameters
    }

    public var buffers: [Buffer] {
        norms.flatMap(\.buffers) + pointwiseNorm.buffers
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        var x = input
        for (convolution, norm) in zip(convolutions, norms) {
            x = norm(tape.relu(convolution(x, on: tape)), on: tape)
        }
        return pointwiseNorm(pointwise(x, on: tape), on: tape)
    }
}

extension Tape {
    /// DFC's loss: cross-entropy of the response against its own argmax labels (no gradient flows
    /// through the labels) plus `continuityWeight` (μ: 1, or 5 with scribbles) times `continuityLoss`.
    public func featureClusteringLoss(_ response: Variable, continuityWeight: Float = 1) -> Variable {
        let labels = response.value.argmaxChannels()
        let similarity = crossEntropy(response, labels: labels, ignoreIndex: -1)
        return add(similarity, scale(continuityLoss(response), by: continuityWeight))
    }
}
