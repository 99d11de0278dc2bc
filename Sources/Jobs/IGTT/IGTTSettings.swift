public import ArtifactStore
public import CanonicalJSON
public import Imaging
internal import NumericCore
public import RandomStreams
public import Runs

/// What an iGTT run is (run kind `igtt`, Algorithm 1 of the paper as the official code runs it): a
/// U-Net trained on the train split's images without their labels, on pseudo-labels it makes
/// itself (`IGTTJob`).
///
/// Spec: params = the U-Net's `model` (`unet`), `width`, `depth`, the schedule's parameters
/// (`TrainingSchedule`, as supervised training; each defaults to the official value), `thresholds`
/// (K, 30), `ems` (true; false is "iGTT w/o EMS"), `ems_radius` (r, 1), `ems_fraction` (p, 0.1),
/// `soft_iou` (`SoftIoU`, `paper` by default) and `threshold_rule` (`ThresholdRule`,
/// `intensity-sigmoid>0.5` by default); inputs = `{"dataset": manifest id}`; seed = the run's seed.
public struct IGTTSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = RunKind.igtt

    /// How an iGTT network's test scores become masks for Dice, IoU and accuracy.
    public enum ThresholdRule: String, Sendable, CaseIterable {
        /// The default: the test score is `1 − sigmoid` when the last epoch's sigmoid maps of the
        /// training images correlate negatively with the images' intensity (the network then scores
        /// the dark background), else `sigmoid`; foreground where that score > 0.5. It assumes a
        /// foreground brighter than its background, as fluorescence images have and as DFC and AC
        /// assume when they map clusters to foreground by intensity; the ground truth plays no part.
        case intensity = "intensity-sigmoid>0.5"
        /// The test score is the network's foreground probability as its own pseudo-labels define
        /// foreground: `1 − sigmoid` when more than half of the last epoch's candidates were
        /// inverted, else `sigmoid`. It misjudges a run whose candidates are inverted while its
        /// network scores the foreground (seen on the quick ER set: AUC 0.23).
        case oriented = "oriented-sigmoid>0.5"
        /// The raw sigmoid > 0.5 of supervised training (msdb's first iGTT runs, which scored an
        /// inverted network as it was).
        case sigmoid = "sigmoid>0.5"
    }

    /// The soft IoU term of the loss.
    public enum SoftIoU: String, Sendable, CaseIterable {
        /// `1 − Σpy / (Σ(p + y − py) + ε)`, as the paper writes it.
        case paper
        /// p squared in the union, as the official code computes it.
        case official

        /// The power of p in the union.
        var power: Int {
            switch self {
            case .paper: 1
            case .official: 2
            }
        }
    }

    public var network: NetworkConfiguration
    public var schedule = TrainingSchedule()
    /// K, the number of thresholds.
    public var thresholds: Int = 30
    /// Whether the next epoch's label goes through EMS.
    public var ems = true
    /// EMS's shift radius r.
    public var emsRadius: Int = 1
    /// EMS's kept fraction p.
    public var emsFraction: Double = 0.1
    public var softIoU = SoftIoU.paper
    public var thresholdRule = ThresholdRule.intensity
    public var seed: Seed = 0

    /// A U-Net of msdb's default sizes (width 16, depth 4).
    public init(network: NetworkConfiguration = .unet(width: 16, depth: 4)) {
        self.network = network
    }

    /// Reads a spec of kind `igtt` back (the inverse of `spec(dataset:)`); throws
    /// `invalidParameter` for another kind, a missing or extra input, an unknown or bad parameter.
    public init(spec: RunSpec) throws {
        guard spec.kind == Self.kind else {
            throw RunError.invalidSpec(field: "kind", reason: "'\(spec.kind)' is not \(Self.kind)")
        }
        try Self.checkInputs(spec)
        var reader = SpecParameters(spec.params, kind: Self.kind)
        let model = try reader.string("model", default: "unet", allowed: ["unet"])
        self.init(
            network: try NetworkConfiguration(
                architecture: model, width: reader.integer("width", default: 16),
                depth: reader.integer("depth", default: 4)))
        schedule = try TrainingSchedule(reading: &reader, defaults: TrainingSchedule())
        thresholds = try reader.integer("thresholds", default: thresholds)
        ems = try reader.bool("ems", default: ems)
        emsRadius = try reader.integer("ems_radius", default: emsRadius)
        emsFraction = try reader.number("ems_fraction", default: emsFraction)
        softIoU = try reader.choice("soft_iou", default: softIoU)
        thresholdRule = try reader.choice("threshold_rule", default: thresholdRule)
        try reader.finish()
        guard let seed = spec.seed else {
            throw RunError.invalidParameter(name: "seed", reason: "an igtt run needs a seed")
        }
        self.seed = seed
        try validate()
    }

    static func checkInputs(_ spec: RunSpec) throws {
        guard spec.inputs["dataset"] != nil else {
            throw RunError.invalidInput(name: "inputs", reason: "missing input 'dataset'")
        }
        if let extra = spec.inputs.keys.sorted().first(where: { $0 != "dataset" }) {
            throw RunError.invalidInput(
                name: "inputs", reason: "'\(extra)' is not an input of \(spec.kind) runs")
        }
    }

    /// Checks the numbers that do not depend on the data; throws `invalidParameter` naming the first
    /// bad one.
    public func validate() throws {
        func bad(_ name: String, _ reason: String) -> RunError {
            .invalidParameter(name: name, reason: reason)
        }
        guard case .unet = network else { throw bad("model", "iGTT trains a U-Net") }
        try schedule.validate(minimumBatch: network.minimumBatch, architecture: network.architecture)
        guard thresholds >= 3 else { throw bad("thresholds", "must be ≥ 3, got \(thresholds)") }
        guard emsRadius >= 0 else { throw bad("ems radius", "must be ≥ 0, got \(emsRadius)") }
        guard (0...1).contains(emsFraction) else {
            throw bad("ems fraction", "must be in [0, 1], got \(emsFraction)")
        }
    }

    /// The spec parameters (see the type's documentation).
    public var parameters: [String: JSONValue] {
        var result = network.parameters.merging(schedule.parameters) { _, new in new }
        result["thresholds"] = .integer(Int64(thresholds))
        result["ems"] = .bool(ems)
        result["ems_radius"] = .integer(Int64(emsRadius))
        result["ems_fraction"] = .number(emsFraction)
        result["soft_iou"] = .string(softIoU.rawValue)
        result["threshold_rule"] = .string(thresholdRule.rawValue)
        return result
    }

    /// What a checkpoint must agree on to be resumed by this run: every parameter but `epochs`, and
    /// the seed.
    var checkpointHyperparameters: [String: JSONValue] {
        Checkpoint.hyperparameters(parameters, seed: seed)
    }

    /// The label epoch `epoch` trains training image `index` (of `count`) on, given that image's
    /// oriented candidate from the epoch before: the candidate itself without EMS; with EMS, a fresh
    /// `MetaStructureSampling` of it drawn from the stream
    /// `StreamName.metaStructureSampling(epoch:image:)` of the seed (so it is redrawn every epoch,
    /// and reproducible).
    public func trainingLabel(candidate: Mask, epoch: Int, index: Int, count: Int) -> Mask {
        guard ems else { return candidate }
        var stream = seed.stream(
            StreamName.metaStructureSampling(
                epoch: epoch, image: TestPredictions.paddedNumber(index, of: count)))
        return MetaStructureSampling(radius: emsRadius, fraction: emsFraction).apply(
            candidate, using: &stream)
    }

    /// The run's spec on `dataset`.
    public func spec(dataset: ContentID) -> RunSpec {
        RunSpec(kind: Self.kind, params: parameters, inputs: ["dataset": dataset], seed: seed)
    }
}
