public import ArtifactStore
public import CanonicalJSON
public import RandomStreams
public import Runs

/// What a supervised training run is (run kind `train`): the network, the optimisation settings,
/// the labels and the seed. The defaults are the official training's (SGD momentum 0.9, lr 0.05,
/// weight decay 1e-3, ×0.1 every 20 epochs, 100 epochs, batch 32) with msdb's CPU-sized networks.
///
/// Spec: params = the network's `parameters` plus the schedule's (`TrainingSchedule`), the label
/// source's `labels`, `ratio` and `variant`
/// (`LabelSource`) and `threshold_rule` (`sigmoid>0.5` for the binary networks: how Dice, IoU and
/// accuracy binarise the scores; `argmax` for DeepLabv3: the predicted class) and
/// `normalization: channel` when images are z-scored per channel (`Normalization`; absent for the
/// whole-image rule); inputs =
/// `{"dataset": manifest id}` for clean labels, `{"dataset": manifest id, "labels": label-set id}`
/// for noisy ones (`LabelSet`: the noisy train labels, which replace the train split's labels
/// only); seed = the run's seed. `init(spec:)` reads such a spec back.
public struct TrainingSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = RunKind.train
    /// How scores become masks for Dice, IoU and accuracy (binary networks).
    public static let thresholdRule = "sigmoid>0.5"
    /// How DeepLabv3's class scores become a class map.
    public static let multiclassThresholdRule = "argmax"

    public var network: NetworkConfiguration
    public var schedule = TrainingSchedule()
    public var seed: Seed = 0
    /// The train split's labels: clean (the default) or noisy.
    public var labels: LabelSource = .clean
    /// How images are z-scored: over the whole image (the default) or per channel.
    public var normalization = Normalization.image

    public init(network: NetworkConfiguration) {
        self.network = network
    }

    /// Checks the numbers that do not depend on the data; throws `invalidParameter` naming the first
    /// bad one.
    public func validate() throws(RunError) {
        try schedule.validate(minimumBatch: network.minimumBatch, architecture: network.architecture)
    }

    /// The spec parameters (see the type's documentation).
    public var parameters: [String: JSONValue] {
        var result = network.parameters.merging(schedule.parameters) { _, new in new }
        result.merge(labels.parameters) { _, new in new }
        result["threshold_rule"] = .string(thresholdRuleName)
        if normalization == .channel { result["normalization"] = .string(normalization.rawValue) }
        return result
    }

    /// What a checkpoint must agree on to be resumed by this run: every parameter but `epochs`
    /// (a longer run of the same settings could start from it).
    public var checkpointHyperparameters: [String: JSONValue] {
        Checkpoint.hyperparameters(parameters, seed: seed)
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
