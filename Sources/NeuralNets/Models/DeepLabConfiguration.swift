/// The sizes of a DeepLab network. msdb's defaults are scaled down for the CPU; the official values
/// (Meta-Structures code: ResNet-101 backbone, output stride 16) are given per property.
public struct DeepLabConfiguration: Sendable, Equatable {
    /// Input channels (1 for the microscopy sets).
    public var inChannels: Int
    /// Output channels: 1 for binary segmentation (sigmoid), the class count for softmax.
    public var classes: Int
    /// Stem width and bottleneck planes of layer 1; layers 2–4 use 2×, 4×, 8× (official 64).
    public var baseWidth: Int
    /// Bottleneck blocks in layers 1–3 (official ResNet-101: [3, 4, 23]).
    public var blocks: [Int]
    /// Dilation multipliers of layer 4's blocks, the multi-grid unit (official [1, 2, 4]).
    public var multiGrid: [Int]
    /// 16 or 8: the backbone's total down-sampling (official 16).
    public var outputStride: Int
    /// Channels of every ASPP branch and of its projection (official 256).
    public var asppChannels: Int
    /// Dilation rates of the three 3×3 ASPP branches (official [6, 12, 18] for output stride 16 on
    /// large crops; scale them to the feature map, e.g. [1, 2, 3] for a 16×16 map).
    public var asppRates: [Int]
    /// Channels of the decoder's low-level projection (official 48).
    public var lowLevelChannels: Int
    /// Channels of the decoder's 3×3 convolutions (official 256).
    public var decoderChannels: Int
    /// `true` for DeepLabv3+ (decoder with low-level features), `false` for DeepLabv3 (ASPP head).
    public var usesDecoder: Bool

    /// Creates a configuration; the defaults are msdb's CPU-sized DeepLabv3+.
    public init(
        inChannels: Int = 1, classes: Int = 1, baseWidth: Int = 16, blocks: [Int] = [1, 1, 1],
        multiGrid: [Int] = [1, 2, 4], outputStride: Int = 16, asppChannels: Int = 64,
        asppRates: [Int] = [2, 4, 6],
        lowLevelChannels: Int = 48, decoderChannels: Int = 64, usesDecoder: Bool = true
    ) {
        precondition(
            inChannels >= 1 && classes >= 1 && baseWidth >= 1 && blocks.count == 3
                && blocks.allSatisfy { $0 >= 1 }
                && !multiGrid.isEmpty && multiGrid.allSatisfy { $0 >= 1 }
                && (outputStride == 16 || outputStride == 8)
                && asppChannels >= 1 && asppRates.count == 3 && asppRates.allSatisfy { $0 >= 1 }
                && lowLevelChannels >= 1 && decoderChannels >= 1,
            "DeepLabConfiguration: invalid sizes inChannels=\(inChannels) classes=\(classes) baseWidth=\(baseWidth) "
                + "blocks=\(blocks) multiGrid=\(multiGrid) outputStride=\(outputStride) asppChannels=\(asppChannels) "
                + "asppRates=\(asppRates) lowLevelChannels=\(lowLevelChannels) decoderChannels=\(decoderChannels)"
        )
        self.inChannels = inChannels
        self.classes = classes
        self.baseWidth = baseWidth
        self.blocks = blocks
        self.multiGrid = multiGrid
        self.outputStride = outputStride
        self.asppChannels = asppChannels
        self.asppRates = asppRates
        self.lowLevelChannels = lowLevelChannels
        self.decoderChannels = decoderChannels
        self.usesDecoder = usesDecoder
    }
}
