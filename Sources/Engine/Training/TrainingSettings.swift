public import ArtifactStore
public import CanonicalJSON

/// What a supervised training run is (run kind `train`): the network, the optimisation settings,
/// the labels and the seed. The defaults are the official training's (SGD momentum 0.9, lr 0.05,
/// weight decay 1e-3, ×0.1 every 20 epochs, 100 epochs, batch 32) with msdb's CPU-sized networks.
///
/// Spec: params = the network's `parameters` plus `epochs`, `batch`, `lr`, `momentum`,
/// `weight_decay`, `lr_step`, `lr_factor`, the label source's `labels`, `ratio` and `variant`
/// (`LabelSource`) and `threshold_rule` (`sigmoid>0.5` for the binary networks: how Dice, IoU and
/// accuracy binarise the scores; `argmax` for DeepLabv3: the predicted class); inputs =
/// `{"dataset": manifest id}` for clean labels, `{"dataset": manifest id, "labels": label-set id}`
/// for noisy ones (`LabelSet`: the noisy train labels, which replace the train split's labels
/// only); seed = the run's seed. `init(spec:)` reads such a spec back.
public struct TrainingSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = "train"
    /// How scores become masks for Dice, IoU and accuracy (binary networks).
    public static let thresholdRule = "sigmoid>0.5"
    /// How DeepLabv3's class scores become a class map.
    public static let multiclassThresholdRule = "argmax"

    public var network: NetworkConfiguration
    public var epochs: Int = 100
    public var batch: Int = 32
    public var learningRate: Double = 0.05
    public var momentum: Double = 0.9
    public var weightDecay: Double = 1e-3
    public var learningRateStep: Int = 20
    public var learningRateFactor: Double = 0.1
    public var seed: Int64 = 0
    /// The train split's labels: clean (the default) or noisy.
    public var labels: LabelSource = .clean

    public init(network: NetworkConfiguration) {
        self.network = network
    }

    /// Checks the numbers that do not depend on the data; throws `invalidParameter` naming the first
    /// bad one.
    public func validate() throws {
        func bad(_ name: String, _ reason: String) -> EngineError {
            .invalidParameter(name: name, reason: reason)
        }
        guard epochs >= 1 else { throw bad("epochs", "must be ≥ 1, got \(epochs)") }
        guard batch >= network.minimumBatch else {
            throw bad("batch", "must be ≥ \(network.minimumBatch) for \(network.architecture), got \(batch)")
        }
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
        result.merge(labels.parameters) { _, new in new }
        result["threshold_rule"] = .string(thresholdRuleName)
        return result
    }

    /// What a checkpoint must agree on to be resumed by this run: every parameter but `epochs`
    /// (a longer run of the same settings could start from it).
    public var checkpointHyperparameters: [String: JSONValue] {
        var result = parameters
        result["epochs"] = nil
        result["seed"] = .integer(seed)
        return result
    }

    /// The rule the run's metrics binarise by (`threshold_rule`).
    public var thresholdRuleName: String {
        network.isMulticlass ? Self.multiclassThresholdRule : Self.thresholdRule
    }

    /// The run's spec on `dataset`; `labels` is the noisy train labels' `LabelSet` id, which a run on
    /// noisy labels needs and a run on clean labels must not have.
    public func spec(dataset: ContentID, labels labelSet: ContentID? = nil) -> RunSpec {
        precondition(
            (labelSet == nil) == (labels == .clean),
            "TrainingSettings.spec: labels \(labels.name) with label set \(labelSet?.hex ?? "none")")
        var inputs = ["dataset": dataset]
        inputs["labels"] = labelSet
        return RunSpec(kind: Self.kind, params: parameters, inputs: inputs, seed: seed)
    }
}
