public import ArtifactStore
public import CanonicalJSON
public import Imaging
internal import NumericCore

/// What an iGTT run is (run kind `igtt`, Algorithm 1 of the paper as the official code runs it): a
/// U-Net trained on the train split's images without their labels, on pseudo-labels it makes
/// itself (`IGTTJob`).
///
/// Spec: params = the U-Net's `model` (`unet`), `width`, `depth`, and `epochs`, `batch`, `lr`,
/// `momentum`, `weight_decay`, `lr_step`, `lr_factor` (SGD with a step schedule, as supervised
/// training), `thresholds` (K, 30), `ems` (true; false is "iGTT w/o EMS"), `ems_radius` (r, 1),
/// `ems_fraction` (p, 0.1), `soft_iou` (`paper`: `1 − Σpy / (Σ(p + y − py) + ε)`, the default;
/// `official`: p squared in the union) and `threshold_rule` (`intensity-sigmoid>0.5`, the default,
/// `oriented-sigmoid>0.5` or `sigmoid>0.5`, see `thresholdRule`); inputs = `{"dataset": manifest id}`; seed = the run's seed.
public struct IGTTSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = "igtt"
    /// The default threshold rule: the test score is `1 − sigmoid` when the last epoch's sigmoid
    /// maps of the training images correlate negatively with the images' intensity (the network
    /// then scores the dark background), else `sigmoid`; foreground where that score > 0.5. It
    /// assumes a foreground brighter than its background, as fluorescence images have and as DFC
    /// and AC assume when they map clusters to foreground by intensity; the ground truth plays no
    /// part in the choice.
    public static let intensityThresholdRule = "intensity-sigmoid>0.5"
    /// The test score is the network's foreground probability as its own pseudo-labels define
    /// foreground: `1 − sigmoid` when more than half of the last epoch's candidates were inverted,
    /// else `sigmoid`. It misjudges a run whose candidates are inverted while its network scores
    /// the foreground (seen on the quick ER set: AUC 0.23).
    public static let orientedThresholdRule = "oriented-sigmoid>0.5"
    /// The accepted threshold rules: the two orientations, and the raw sigmoid > 0.5 of supervised
    /// training (msdb's first iGTT runs, which scored an inverted network as it was).
    public static let thresholdRules = [
        intensityThresholdRule, orientedThresholdRule, TrainingSettings.thresholdRule,
    ]
    /// The soft IoU variants.
    public static let softIoUVariants = ["paper", "official"]

    public var network: NetworkConfiguration
    public var epochs: Int = 100
    public var batch: Int = 32
    public var learningRate: Double = 0.05
    public var momentum: Double = 0.9
    public var weightDecay: Double = 1e-3
    public var learningRateStep: Int = 20
    public var learningRateFactor: Double = 0.1
    /// K, the number of thresholds.
    public var thresholds: Int = 30
    /// Whether the next epoch's label goes through EMS.
    public var ems = true
    /// EMS's shift radius r.
    public var emsRadius: Int = 1
    /// EMS's kept fraction p.
    public var emsFraction: Double = 0.1
    /// `paper` or `official`.
    public var softIoU = "paper"
    /// How test scores become masks for Dice, IoU and accuracy: one of `thresholdRules`.
    public var thresholdRule = intensityThresholdRule
    public var seed: Int64 = 0

    /// A U-Net of msdb's default sizes (width 16, depth 4).
    public init(network: NetworkConfiguration = .unet(width: 16, depth: 4)) {
        self.network = network
    }

    /// Reads a spec of kind `igtt` back (the inverse of `spec(dataset:)`); throws
    /// `invalidParameter` for another kind, a missing or extra input, an unknown or bad parameter.
    public init(spec: RunSpec) throws {
        guard spec.kind == Self.kind else {
            throw EngineError.invalidParameter(name: "kind", reason: "'\(spec.kind)' is not \(Self.kind)")
        }
        try Self.checkInputs(spec)
        var reader = SpecParameters(spec.params, kind: Self.kind)
        let model = try reader.string("model", default: "unet", allowed: ["unet"])
        self.init(
            network: try NetworkConfiguration(
                architecture: model, width: reader.integer("width", default: 16),
                depth: reader.integer("depth", default: 4)))
        epochs = try reader.integer("epochs", default: epochs)
        batch = try reader.integer("batch", default: batch)
        learningRate = try reader.number("lr", default: learningRate)
        momentum = try reader.number("momentum", default: momentum)
        weightDecay = try reader.number("weight_decay", default: weightDecay)
        learningRateStep = try reader.integer("lr_step", default: learningRateStep)
        learningRateFactor = try reader.number("lr_factor", default: learningRateFactor)
        thresholds = try reader.integer("thresholds", default: thresholds)
        ems = try reader.bool("ems", default: ems)
        emsRadius = try reader.integer("ems_radius", default: emsRadius)
        emsFraction = try reader.number("ems_fraction", default: emsFraction)
        softIoU = try reader.string("soft_iou", default: softIoU, allowed: Self.softIoUVariants)
        thresholdRule = try reader.string(
            "threshold_rule", default: thresholdRule, allowed: Self.thresholdRules)
        try reader.finish()
        guard let seed = spec.seed else {
            throw EngineError.invalidParameter(name: "seed", reason: "an igtt run needs a seed")
        }
        self.seed = seed
        try validate()
    }

    static func checkInputs(_ spec: RunSpec) throws {
        guard spec.inputs["dataset"] != nil else {
            throw EngineError.invalidParameter(name: "inputs", reason: "missing input 'dataset'")
        }
        if let extra = spec.inputs.keys.sorted().first(where: { $0 != "dataset" }) {
            throw EngineError.invalidParameter(
                name: "inputs", reason: "'\(extra)' is not an input of \(spec.kind) runs")
        }
    }

    /// Checks the numbers that do not depend on the data; throws `invalidParameter` naming the first
    /// bad one.
    public func validate() throws {
        func bad(_ name: String, _ reason: String) -> EngineError {
            .invalidParameter(name: name, reason: reason)
        }
        guard case .unet = network else { throw bad("model", "iGTT trains a U-Net") }
        guard epochs >= 1 else { throw bad("epochs", "must be ≥ 1, got \(epochs)") }
        guard batch >= 1 else { throw bad("batch", "must be ≥ 1, got \(batch)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw bad("lr", "must be > 0, got \(learningRate)")
        }
        guard (0..<1).contains(momentum) else { throw bad("momentum", "must be in [0, 1), got \(momentum)") }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw bad("weight decay", "must be ≥ 0, got \(weightDecay)")
        }
        guard learningRateStep >= 1 else { throw bad("lr step", "must be ≥ 1, got \(learningRateStep)") }
        guard learningRateFactor > 0, learningRateFactor <= 1 else {
            throw bad("lr factor", "must be in (0, 1], got \(learningRateFactor)")
        }
        guard thresholds >= 3 else { throw bad("thresholds", "must be ≥ 3, got \(thresholds)") }
        guard emsRadius >= 0 else { throw bad("ems radius", "must be ≥ 0, got \(emsRadius)") }
        guard (0...1).contains(emsFraction) else {
            throw bad("ems fraction", "must be in [0, 1], got \(emsFraction)")
        }
        guard Self.softIoUVariants.contains(softIoU) else {
            throw bad(
                "soft iou", "'\(softIoU)' is not one of \(Self.softIoUVariants.joined(separator: ", "))")
        }
        guard Self.thresholdRules.contains(thresholdRule) else {
            throw bad(
                "threshold rule",
                "'\(thresholdRule)' is not one of \(Self.thresholdRules.joined(separator: ", "))")
        }
        guard seed >= 0 else { throw bad("seed", "must be non-negative, got \(seed)") }
    }

    /// The spec parameters (see the type's documentation).
    public var parameters: [String: JSONValue] {
        var result = network.parameters
        result["epochs"] = .integer(Int64(epochs))
        result["batch"] = .integer(Int64(batch))
        result["lr"] = .number(learningRate)
        result["momentum"] = .number(momentum)
        result["weight_decay"] = .number(weightDecay)
        result["lr_step"] = .integer(Int64(learningRateStep))
        result["lr_factor"] = .number(learningRateFactor)
        result["thresholds"] = .integer(Int64(thresholds))
        result["ems"] = .bool(ems)
        result["ems_radius"] = .integer(Int64(emsRadius))
        result["ems_fraction"] = .number(emsFraction)
        result["soft_iou"] = .string(softIoU)
        result["threshold_rule"] = .string(thresholdRule)
        return result
    }

    /// Whether test scores are oriented by the pseudo-labels' inversions (`orientedThresholdRule`).
    var orientsScores: Bool { thresholdRule == Self.orientedThresholdRule }

    /// Whether test scores are oriented by the maps' correlation with intensity
    /// (`intensityThresholdRule`).
    var orientsByIntensity: Bool { thresholdRule == Self.intensityThresholdRule }

    /// What a checkpoint must agree on to be resumed by this run: every parameter but `epochs`, and
    /// the seed.
    var checkpointHyperparameters: [String: JSONValue] {
        var result = parameters
        result["epochs"] = nil
        result["seed"] = .integer(seed)
        return result
    }

    /// The label epoch `epoch` trains training image `index` (of `count`) on, given that image's
    /// oriented candidate from the epoch before: the candidate itself without EMS; with EMS, a fresh
    /// `MetaStructureSampling` of it drawn from the stream `ems/epoch-<epoch>/image-<NNN>` of the
    /// seed (so it is redrawn every epoch, and reproducible).
    public func trainingLabel(candidate: Mask, epoch: Int, index: Int, count: Int) -> Mask {
        guard ems else { return candidate }
        var stream = RandomStream(
            seed: UInt64(seed),
            stream: "ems/epoch-\(epoch)/image-" + TestPredictions.paddedNumber(index, of: count))
        return MetaStructureSampling(radius: emsRadius, fraction: emsFraction).apply(
            candidate, using: &stream)
    }

    /// The run's spec on `dataset`.
    public func spec(dataset: ContentID) -> RunSpec {
        RunSpec(kind: Self.kind, params: parameters, inputs: ["dataset": dataset], seed: seed)
    }
}
