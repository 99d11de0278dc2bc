internal import NumericCore
public import RandomStreams

/// The ResNet bottleneck block (He et al. 2016) as DeepLab's backbone uses it.
///
/// `1×1 conv (Cin → p) → BN → ReLU → 3×3 conv (p → p, stride s, dilation d, padding d) → BN → ReLU →
/// 1×1 conv (p → 4p) → BN`, plus the shortcut (the input, or `1×1 conv (Cin → 4p, stride s) → BN` when
/// the stride or the width changes), then ReLU. Input `[N, Cin, H, W]` → output
/// `[N, 4p, ⌊(H − 1)/s⌋ + 1, ⌊(W − 1)/s⌋ + 1]`.
public final class Bottleneck: UnaryLayer {
    /// The channel expansion of the last 1×1 convolution.
    public static let expansion = 4

    /// `Cin → p`, 1×1.
    public let reduce: ConvolutionBatchNorm
    /// `p → p`, 3×3 with stride and dilation.
    public let spatial: ConvolutionBatchNorm
    /// `p → 4p`, 1×1, no ReLU before the addition.
    public let expand: ConvolutionBatchNorm
    /// The projection shortcut, when the shape changes.
    public let shortcut: ConvolutionBatchNorm?

    /// Creates the block, drawing weights in the order reduce, spatial, expand, shortcut.
    public init(
        name: String, inChannels: Int, planes: Int, stride: Int = 1, dilation: Int = 1,
        initialization: Initialization = .official, generator: inout RandomStream
    ) {
        let outChannels = planes * Bottleneck.expansion
        reduce = ConvolutionBatchNorm(
            name: name + ".reduce", inChannels: inChannels, outChannels: planes, kernelSize: 1,
            initialization: initialization, generator: &generator)
        spatial = ConvolutionBatchNorm(
            name: name + ".spatial", inChannels: planes, outChannels: planes, kernelSize: 3, stride: stride,
            padding: dilation, dilation: dilation, initialization: initialization, generator: &generator)
        expand = ConvolutionBatchNorm(
            name: name + ".expand", inChannels: planes, outChannels: outChannels, kernelSize: 1, relu: false,
            initialization: initialization, generator: &generator)
        if stride != 1 || inChannels != outChannels {
            shortcut = ConvolutionBatchNorm(
                name: name + ".shortcut", inChannels: inChannels, outChannels: outChannels, kernelSize: 1,
                stride: stride, relu: false, initialization: initialization, generator: &generator)
        } else {
            shortcut = nil
        }
    }

    public var parameters: [Parameter] {
        reduce.parameters + spatial.parameters + expand.parameters + (shortcut?.parameters ?? [])
    }

    public var buffers: [Buffer] {
        reduce.buffers + spatial.buffers + expand.buffers + (shortcut?.buffers ?? [])
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let residual = expand(spatial(reduce(input, on: tape), on: tape), on: tape)
        let identity = shortcut.map { $0(input, on: tape) } ?? input
        return tape.relu(tape.add(residual, identity))
    }
}
