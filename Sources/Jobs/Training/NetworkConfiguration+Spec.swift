internal import NeuralNets
public import Runs

extension NetworkConfiguration {
    /// The network a spec's parameters describe: the inverse of `parameters`. Reads `model` and the
    /// sizes that architecture records, each checked (so no size reaches a network initialiser's
    /// preconditions); the caller's `finish()` then refuses anything left over.
    ///
    /// - Throws: `RunError.invalidParameter` naming the first missing or impossible size.
    public init(reading reader: inout SpecParameters) throws(RunError) {
        let model = try reader.choice("model") as NetworkArchitecture
        let width = try reader.integer("width", in: 1...Int.max)
        func positive(_ name: String, count: Int? = nil) throws(RunError) -> [Int] {
            let values = try reader.integers(name)
            guard !values.isEmpty, values.allSatisfy({ $0 >= 1 }), count.map({ $0 == values.count }) ?? true
            else {
                throw .invalidParameter(
                    name: name, reason: "must be \(count.map { "\($0) " } ?? "")integers ≥ 1, got \(values)")
            }
            return values
        }
        switch model {
        case .unet:
            self = .unet(width: width, depth: try reader.integer("depth", in: 1...8))
        case .deeplabv3plus, .deeplabv3:
            let blocks = try positive("blocks", count: 3)
            let multiGrid = try positive("multi_grid")
            let outputStride = try reader.integer("output_stride", in: 8...16)
            guard outputStride == 8 || outputStride == 16 else {
                throw .invalidParameter(name: "output_stride", reason: "must be 8 or 16, got \(outputStride)")
            }
            let asppChannels = try reader.integer("aspp_channels", in: 1...Int.max)
            let asppRates = try positive("aspp_rates", count: 3)
            var configuration = DeepLabConfiguration(
                baseWidth: width, blocks: blocks, multiGrid: multiGrid, outputStride: outputStride,
                asppChannels: asppChannels, asppRates: asppRates, usesDecoder: model == .deeplabv3plus)
            if model == .deeplabv3plus {
                configuration.lowLevelChannels = try reader.integer("low_level_channels", in: 1...Int.max)
                configuration.decoderChannels = try reader.integer("decoder_channels", in: 1...Int.max)
                self = .deeplabv3plus(configuration)
            } else {
                self = .deeplabv3(configuration)
            }
        case .hrnet:
            let widths = try positive("widths", count: 4)
            guard widths[0] == width else {
                throw .invalidParameter(name: "width", reason: "must equal the first of widths \(widths)")
            }
            self = .hrnet(
                HRNetConfiguration(
                    stemChannels: try reader.integer("stem_channels", in: 1...Int.max),
                    stage1Planes: try reader.integer("stage1_planes", in: 1...Int.max),
                    stage1Blocks: try reader.integer("stage1_blocks", in: 1...Int.max), widths: widths,
                    blocks: try positive("blocks", count: 3), modules: try positive("modules", count: 3)))
        }
    }
}
