/// The sizes of an HRNet (Wang et al. 2019, "Deep High-Resolution Representation Learning"), in the
/// form of the segmentation network HRNetV2 with four resolution branches.
///
/// msdb's defaults are the W18-small-v1 layout (one module per stage, two basic blocks per branch, one
/// bottleneck in stage 1) with the widths halved for the CPU. The official HRNetV2-W18-small-v1 values
/// are given per property; W18-small-v2 has `stage1Blocks` 2, `stage1Planes` 64, widths
/// `[18, 36, 72, 144]` and modules `[1, 3, 2]`.
public struct HRNetConfiguration: Sendable, Equatable {
    /// Input channels (1 for the microscopy sets).
    public var inChannels: Int
    /// Output channels: 1 for binary segmentation (sigmoid), the class count for softmax.
    public var classes: Int
    /// Width of the two stride-2 stem convolutions (official 64).
    public var stemChannels: Int
    /// Planes of stage 1's bottlenecks, whose output has `4 · stage1Planes` channels (official 32).
    public var stage1Planes: Int
    /// Bottleneck blocks in stage 1 (official 1).
    public var stage1Blocks: Int
    /// Widths of the four branches, highest resolution first (official `[16, 32, 64, 128]`).
    public var widths: [Int]
    /// Basic blocks per branch in every module of stages 2, 3 and 4 (official `[2, 2, 2]`).
    public var blocks: [Int]
    /// Modules (branches + fusion) in stages 2, 3 and 4 (official `[1, 1, 1]`).
    public var modules: [Int]

    /// Creates a configuration; the defaults are msdb's CPU-sized HRNet.
    public init(
        inChannels: Int = 1, classes: Int = 1, stemChannels: Int = 32, stage1Planes: Int = 16,
        stage1Blocks: Int = 1, widths: [Int] = [8, 16, 32, 64], blocks: [Int] = [2, 2, 2],
        modules: [Int] = [1, 1, 1]
    ) {
        precondition(
            inChannels >= 1 && classes >= 1 && stemChannels >= 1 && stage1Planes >= 1 && stage1Blocks >= 1
                && widths.count == 4 && widths.allSatisfy { $0 >= 1 }
                && blocks.count == 3 && blocks.allSatisfy { $0 >= 1 }
                && modules.count == 3 && modules.allSatisfy { $0 >= 1 },
            "HRNetConfiguration: invalid sizes inChannels=\(inChannels) classes=\(classes) "
                + "stemChannels=\(stemChannels) stage1Planes=\(stage1Planes) stage1Blocks=\(stage1Blocks) "
                + "widths=\(widths) blocks=\(blocks) modules=\(modules)")
        self.inChannels = inChannels
        self.classes = classes
        self.stemChannels = stemChannels
        self.stage1Planes = stage1Planes
        self.stage1Blocks = stage1Blocks
        self.widths = widths
        self.blocks = blocks
        self.modules = modules
    }

    /// Widths `[w, 2w, 4w, 8w]`: the HRNet family's doubling per branch for a first width `w`.
    public static func doublingWidths(_ width: Int) -> [Int] {
        [width, 2 * width, 4 * width, 8 * width]
    }
}
