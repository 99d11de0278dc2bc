internal import NumericCore
public import RandomStreams

/// Atrous spatial pyramid pooling (Chen et al. 2017), as DeepLab's code builds it.
///
/// Five branches of `a` channels each on the input `[N, Cin, h, w]`: a 1×1 convolution unit, three 3×3
/// units with dilations (padding = dilation) `rates`, and image pooling (global average → 1×1 unit →
/// bilinear resize back to `h × w`, align_corners=True, i.e. a broadcast). Their concatenation (5a
/// channels, in that order) goes through a 1×1 unit to `a` channels and dropout 0.5. All units are
/// convolution (no bias) → BN → ReLU. Output `[N, a, h, w]`.
///
/// The image-pooling branch normalises `N` values per channel, so training needs a batch of at least 2
/// (PyTorch refuses a batch of 1 as well).
public final class AtrousSpatialPyramidPooling: UnaryLayer {
    /// The 1×1 branch.
    public let pointwise: ConvolutionBatchNorm
    /// The three dilated 3×3 branches.
    public let dilated: [ConvolutionBatchNorm]
    /// The 1×1 unit of the image-pooling branch.
    public let imagePooling: ConvolutionBatchNorm
    /// The 1×1 projection of the concatenated branches.
    public let projection: ConvolutionBatchNorm

    /// Creates the module, drawing weights in branch order, then the projection.
    public init(
        inChannels: Int, channels: Int, rates: [Int], initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        precondition(rates.count == 3, "AtrousSpatialPyramidPooling: need three rates, got \(rates)")
        pointwise = ConvolutionBatchNorm(
            name: "aspp.branch0", inChannels: inChannels, outChannels: channels, kernelSize: 1,
            initialization: initialization, generator: &generator)
        var dilated = [ConvolutionBatchNorm]()
        for (index, rate) in rates.enumerated() {
            dilated.append(
                ConvolutionBatchNorm(
                    name: "aspp.branch\(index + 1)", inChannels: inChannels, outChannels: channels,
                    kernelSize: 3,
                    padding: rate, dilation: rate, initialization: initialization, generator: &generator))
        }
        self.dilated = dilated
        imagePooling = ConvolutionBatchNorm(
            name: "aspp.pooling", inChannels: inChannels, outChannels: channels, kernelSize: 1,
            initialization: initialization, generator: &generator)
        projection = ConvolutionBatchNorm(
            name: "aspp.projection", inChannels: 5 * channels, outChannels: channels, kernelSize: 1,
            initialization: initialization, generator: &generator)
    }

    public var parameters: [Parameter] {
        pointwise.parameters + dilated.flatMap(\.parameters) + imagePooling.parameters + projection.parameters
    }

    public var buffers: [Buffer] {
        pointwise.buffers + dilated.flatMap(\.buffers) + imagePooling.buffers + projection.buffers
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let (_, _, h, w) = input.value.nchw("AtrousSpatialPyramidPooling")
        var branches = [pointwise(input, on: tape)]
        for branch in dilated {
            branches.append(branch(input, on: tape))
        }
        let pooled = imagePooling(tape.globalAveragePool(input), on: tape)
        branches.append(tape.upsampleBilinear(pooled, height: h, width: w, alignCorners: true))
        let projected = projection(tape.concatenateChannels(branches), on: tape)
        return tape.dropout(projected, probability: 0.5)
    }
}
