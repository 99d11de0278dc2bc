public import CanonicalJSON
public import NeuralNets
internal import NumericCore
public import RandomStreams
internal import Runs

/// The network a training run builds: its architecture and sizes. U-Net and DeepLabv3+ segment
/// binary sets with one output channel (logits; the sigmoid is applied outside); DeepLabv3 segments
/// multi-class sets with one channel per class (softmax outside).
public enum NetworkConfiguration: Sendable, Equatable {
    /// U-Net with base width and depth (`UNet`).
    case unet(width: Int, depth: Int)
    /// DeepLabv3+ on a from-scratch ResNet backbone (`DeepLab` with the decoder).
    case deeplabv3plus(DeepLabConfiguration)
    /// DeepLabv3 (`DeepLab` without the decoder) with a softmax head, for multi-class sets.
    case deeplabv3(DeepLabConfiguration)
    /// HRNet with four resolution branches (`HRNet`).
    case hrnet(HRNetConfiguration)

    /// The architecture names `msdb train --model` and a spec's `model` accept.
    public static let architectures = NetworkArchitecture.allCases.map(\.rawValue)

    /// A network of `architecture` with msdb's default sizes (see `init(architecture:width:depth:)`).
    public init(architecture: NetworkArchitecture, width: Int? = nil, depth: Int? = nil) throws {
        try self.init(architecture: architecture.rawValue, width: width, depth: depth)
    }

    /// A network of `architecture` with msdb's default sizes (U-Net width 16, depth 4; the CPU-sized
    /// DeepLabv3+ of `DeepLabConfiguration`, and the same without the decoder for DeepLabv3; the
    /// CPU-sized HRNet of `HRNetConfiguration`), the width replaced when given (HRNet: the first
    /// branch's, the others doubling).
    public init(architecture: String, width: Int? = nil, depth: Int? = nil) throws {
        if let width, width < 1 {
            throw RunError.invalidParameter(name: "width", reason: "must be ≥ 1, got \(width)")
        }
        switch architecture {
        case "unet":
            let depth = depth ?? 4
            guard (1...8).contains(depth) else {
                throw RunError.invalidParameter(name: "depth", reason: "must be 1…8, got \(depth)")
            }
            self = .unet(width: width ?? 16, depth: depth)
        case "deeplabv3plus", "deeplabv3":
            guard depth == nil else {
                throw RunError.invalidParameter(name: "depth", reason: "only a U-Net has a depth")
            }
            var configuration = DeepLabConfiguration(usesDecoder: architecture == "deeplabv3plus")
            if let width { configuration.baseWidth = width }
            self = architecture == "deeplabv3plus" ? .deeplabv3plus(configuration) : .deeplabv3(configuration)
        case "hrnet":
            guard depth == nil else {
                throw RunError.invalidParameter(name: "depth", reason: "only a U-Net has a depth")
            }
            var configuration = HRNetConfiguration()
            if let width { configuration.widths = HRNetConfiguration.doublingWidths(width) }
            self = .hrnet(configuration)
        default:
            throw RunError.invalidParameter(
                name: "model",
                reason:
                    "unknown model '\(architecture)': expected \(Self.architectures.joined(separator: ", "))")
        }
    }

    /// The architecture name recorded in specs and checkpoints.
    public var architecture: String {
        switch self {
        case .unet: "unet"
        case .deeplabv3plus: "deeplabv3plus"
        case .deeplabv3: "deeplabv3"
        case .hrnet: "hrnet"
        }
    }

    /// Whether the network segments multi-class sets (softmax, cross-entropy) rather than binary ones.
    public var isMulticlass: Bool {
        if case .deeplabv3 = self { return true }
        return false
    }

    /// Every size, as spec parameters (flat, so `params.width` filters): `model`, `width`, and
    /// `depth` (U-Net) or `blocks`, `multi_grid`, `output_stride`, `aspp_channels`, `aspp_rates`,
    /// `low_level_channels`, `decoder_channels` (DeepLabv3+; DeepLabv3 has no decoder sizes) or
    /// `widths` (`width` is the first), `stem_channels`, `stage1_planes`, `stage1_blocks`, `blocks`,
    /// `modules` (HRNet).
    public var parameters: [String: JSONValue] {
        func list(_ values: [Int]) -> JSONValue { .array(values.map { .integer(Int64($0)) }) }
        switch self {
        case .unet(let width, let depth):
            return ["model": "unet", "width": .integer(Int64(width)), "depth": .integer(Int64(depth))]
        case .deeplabv3plus(let c):
            return [
                "model": "deeplabv3plus", "width": .integer(Int64(c.baseWidth)), "blocks": list(c.blocks),
                "multi_grid": list(c.multiGrid), "output_stride": .integer(Int64(c.outputStride)),
                "aspp_channels": .integer(Int64(c.asppChannels)), "aspp_rates": list(c.asppRates),
                "low_level_channels": .integer(Int64(c.lowLevelChannels)),
                "decoder_channels": .integer(Int64(c.decoderChannels)),
            ]
        case .deeplabv3(let c):
            return [
                "model": "deeplabv3", "width": .integer(Int64(c.baseWidth)), "blocks": list(c.blocks),
                "multi_grid": list(c.multiGrid), "output_stride": .integer(Int64(c.outputStride)),
                "aspp_channels": .integer(Int64(c.asppChannels)), "aspp_rates": list(c.asppRates),
            ]
        case .hrnet(let c):
            return [
                "model": "hrnet", "width": .integer(Int64(c.widths[0])), "widths": list(c.widths),
                "stem_channels": .integer(Int64(c.stemChannels)),
                "stage1_planes": .integer(Int64(c.stage1Planes)),
                "stage1_blocks": .integer(Int64(c.stage1Blocks)), "blocks": list(c.blocks),
                "modules": list(c.modules),
            ]
        }
    }

    /// The smallest training batch the network accepts (DeepLab's image-pooling batch norm needs 2;
    /// HRNet's lowest branch can be 1×1 on small images, and batch norm needs two values).
    public var minimumBatch: Int {
        switch self {
        case .unet: 1
        case .deeplabv3plus, .deeplabv3, .hrnet: 2
        }
    }

    /// What the image height and width must be divisible by (U-Net: `2^depth`).
    public var sizeMultiple: Int {
        switch self {
        case .unet(_, let depth): 1 << depth
        case .deeplabv3plus, .deeplabv3, .hrnet: 1
        }
    }

    /// Builds the network for `inChannels` input channels and `classes` output channels (1 for the
    /// binary networks), drawing the official initialisation from `generator`.
    public func build(inChannels: Int, classes: Int = 1, generator: inout RandomStream) -> any UnaryLayer {
        switch self {
        case .unet(let width, let depth):
            return UNet(
                inChannels: inChannels, classes: classes, baseWidth: width, depth: depth,
                generator: &generator)
        case .deeplabv3plus(var configuration), .deeplabv3(var configuration):
            configuration.inChannels = inChannels
            configuration.classes = classes
            return DeepLab(configuration: configuration, generator: &generator)
        case .hrnet(var configuration):
            configuration.inChannels = inChannels
            configuration.classes = 1
            return HRNet(configuration: configuration, generator: &generator)
        }
    }
}
