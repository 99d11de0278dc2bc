internal import NumericCore
public import RandomStreams

/// DeepLabv3+ (Chen et al. 2018) or DeepLabv3 (Chen et al. 2017) on a from-scratch ResNet backbone, in
/// the structure of the Meta-Structures code.
///
/// - Backbone (`ResNetBackbone`) → ASPP (`AtrousSpatialPyramidPooling`, `a` channels).
/// - DeepLabv3+ decoder: low-level features → 1×1 unit (48 channels); ASPP output resized to the
///   low-level size (bilinear, align_corners=True); concatenation `[aspp, low-level]`; 3×3 unit
///   (→ `d`) → dropout 0.5 → 3×3 unit (`d → d`) → dropout 0.1 → 1×1 convolution with bias (→ classes).
/// - DeepLabv3 head (`usesDecoder: false`): 3×3 unit (`a → a`) → 1×1 convolution with bias
///   (→ classes), the torchvision `DeepLabHead` arrangement.
/// - The logits are resized to the input size (bilinear, align_corners=True).
///
/// "Unit" means convolution without bias → BN → ReLU. Input `[N, Cin, H, W]` → logits
/// `[N, classes, H, W]`; apply a sigmoid or softmax outside. Training needs a batch of at least 2 (the
/// image-pooling branch's batch norm). Dropout draws from the tape's `random` stream. Weights are drawn
/// from `generator` in the order of `parameters`: backbone, ASPP, decoder or head.
public final class DeepLab: UnaryLayer {
    /// The sizes this network was built with.
    public let configuration: DeepLabConfiguration
    /// The ResNet backbone.
    public let backbone: ResNetBackbone
    /// The ASPP module.
    public let aspp: AtrousSpatialPyramidPooling
    /// DeepLabv3+ only: the low-level projection.
    public let lowLevelProjection: ConvolutionBatchNorm?
    /// The 3×3 units after ASPP: two for DeepLabv3+, one for DeepLabv3.
    public let refinement: [ConvolutionBatchNorm]
    /// The 1×1 classifier.
    public let classifier: ConvolutionLayer

    /// Creates the network.
    public init(
        configuration: DeepLabConfiguration = DeepLabConfiguration(),
        initialization: Initialization = .official,
        generator: inout RandomStream
    ) {
        self.configuration = configuration
        let b = configuration.baseWidth
        let a = configuration.asppChannels
        backbone = ResNetBackbone(
            configuration: configuration, initialization: initialization, generator: &generator)
        aspp = AtrousSpatialPyramidPooling(
            inChannels: 8 * b * Bottleneck.expansion, channels: a, rates: configuration.asppRates,
            initialization: initialization, generator: &generator)
        if configuration.usesDecoder {
            let d = configuration.decoderChannels
            let projection = ConvolutionBatchNorm(
                name: "decoder.low_level", inChannels: b * Bottleneck.expansion,
                outChannels: configuration.lowLevelChannels, kernelSize: 1, initialization: initialization,
                generator: &generator)
            lowLevelProjection = projection
            let first = ConvolutionBatchNorm(
                name: "decoder.conv1", inChannels: a + configuration.lowLevelChannels, outChannels: d,
                kernelSize: 3,
                padding: 1, initialization: initialization, generator: &generator)
            let second = ConvolutionBatchNorm(
                name: "decoder.conv2", inChannels: d, outChannels: d, kernelSize: 3, padding: 1,
                initialization: initialization, generator: &generator)
            refinement = [first, second]
            classifier = ConvolutionLayer(
                name: "decoder.classifier", inChannels: d, outChannels: configuration.classes, kernelSize: 1,
                initialization: initialization, generator: &generator)
        } else {
            lowLevelProjection = nil
            refinement = [
                ConvolutionBatchNorm(
                    name: "head.conv", inChannels: a, outChannels: a, kernelSize: 3, padding: 1,
                    initialization: initialization, generator: &generator)
            ]
            classifier = ConvolutionLayer(
                name: "head.classifier", inChannels: a, outChannels: configuration.classes, kernelSize: 1,
                initialization: initialization, generator: &generator)
        }
    }

    public var parameters: [Parameter] {
        backbone.parameters + aspp.parameters + (lowLevelProjection?.parameters ?? [])
            + refinement.flatMap(\.parameters) + classifier.parameters
    }

    public var buffers: [Buffer] {
        backbone.buffers + aspp.buffers + (lowLevelProjection?.buffers ?? []) + refinement.flatMap(\.buffers)
    }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        let (_, _, h, w) = input.value.nchw("DeepLab")
        let (features, lowLevel) = backbone(input, on: tape)
        var x = aspp(features, on: tape)
        if let lowLevelProjection {
            let low = lowLevelProjection(lowLevel, on: tape)
            let (_, _, lowH, lowW) = low.value.nchw("DeepLab low-level features")
            x = tape.upsampleBilinear(x, height: lowH, width: lowW, alignCorners: true)
            x = tape.concatenateChannels([x, low])
            x = tape.dropout(refinement[0](x, on: tape), probability: 0.5)
            x = tape.dropout(refinement[1](x, on: tape), probability: 0.1)
        } else {
            x = refinement[0](x, on: tape)
        }
        return tape.upsampleBilinear(classifier(x, on: tape), height: h, width: w, alignCorners: true)
    }
}
