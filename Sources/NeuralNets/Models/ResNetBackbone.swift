internal import NumericCore
public import RandomStreams

/// DeepLab's ResNet backbone, built from scratch (no pretrained weights).
///
/// Stem: 7×7 convolution (stride 2, padding 3) → BN → ReLU → 3×3 max-pool (stride 2, padding 1).
/// Layers 1–3: `blocks[i]` bottlenecks with planes `b, 2b, 4b`; layer 4: one bottleneck per multi-grid
/// entry with planes `8b` and dilation `multiGrid[i] · d4`. Strides and dilations of layers 1–4:
/// output stride 16 → strides (1, 2, 2, 1), dilations (1, 1, 1, 2); output stride 8 → strides
/// (1, 2, 1, 1), dilations (1, 1, 2, 4). Only the first block of a layer has the stride.
///
/// Input `[N, Cin, H, W]` → features `[N, 32b, ≈H/os, ≈W/os]` and low-level features (layer 1)
/// `[N, 4b, ≈H/4, ≈W/4]`.
public final class ResNetBackbone: Layer {
    /// The stem convolution unit.
    public let stem: ConvolutionBatchNorm
    /// Layers 1–4.
    public let layers: [[Bottleneck]]

    /// Creates the backbone, drawing weights stem first, then layer by layer.
    public init(
        configuration: DeepLabConfiguration, initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        let b = configuration.baseWidth
        stem = ConvolutionBatchNorm(
            name: "backbone.stem", inChannels: configuration.inChannels, outChannels: b, kernelSize: 7,
            stride: 2,
            padding: 3, initialization: initialization, generator: &generator)
        let strides = configuration.outputStride == 16 ? [1, 2, 2, 1] : [1, 2, 1, 1]
        let dilations = configuration.outputStride == 16 ? [1, 1, 1, 2] : [1, 1, 2, 4]
        var inChannels = b
        var layers = [[Bottleneck]]()
        for layer in 0..<4 {
            let planes = b << layer
            let count = layer < 3 ? configuration.blocks[layer] : configuration.multiGrid.count
            var blocks = [Bottleneck]()
            for index in 0..<count {
                let dilation = layer < 3 ? dilations[layer] : configuration.multiGrid[index] * dilations[3]
                blocks.append(
                    Bottleneck(
                        name: "backbone.layer\(layer + 1).\(index)", inChannels: inChannels, planes: planes,
                        stride: index == 0 ? strides[layer] : 1, dilation: dilation,
                        initialization: initialization,
                        generator: &generator))
                inChannels = planes * Bottleneck.expansion
            }
            layers.append(blocks)
        }
        self.layers = layers
    }

    public var parameters: [Parameter] {
        stem.parameters + layers.flatMap { $0.flatMap(\.parameters) }
    }

    public var buffers: [Buffer] {
        stem.buffers + layers.flatMap { $0.flatMap(\.buffers) }
    }

    /// The output features and the low-level (layer 1) features.
    public func callAsFunction(_ input: Variable, on tape: Tape) -> (features: Variable, lowLevel: Variable) {
        var x = tape.maxPool(stem(input, on: tape), MaxPool2D(kernelSize: 3, stride: 2, padding: 1))
        var lowLevel = x
        for (index, layer) in layers.enumerated() {
            for block in layer {
                x = block(x, on: tape)
            }
            if index == 0 {
                lowLevel = x
            }
        }
        return (x, lowLevel)
    }
}
