public import ArtifactStore
public import CanonicalJSON

/// What a supervised training run is (run kind `train`): the network, the optimisation settings,
/// the labels and the seed. The defaults are the official training's (SGD momentum 0.9, lr 0.05,
/// weight decay 1e-3, ×0.1 every 20 epochs, 100 epochs, batch 32) with msdb's CPU-sized networks.
///
/// Spec: params = the network's `parameters` plus `epochs`, `batch`, `lr`, `momentum`,
/// `weight_decay`, `lr_step`, `lr_factor`, `labels` (`cl`: the dataset's clean train labels) and
/// `threshold_rule` (`sigmoid>0.5`, how Dice, IoU and accuracy binarise the scores); inputs =
/// `{"dataset": manifest id}`; seed = the run's seed. A noisy label set will enter as a second
/// input, `labels`, with params `labels` naming its kind; it replaces the train split's labels only.
public struct TrainingSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = "train"
    /// How scores become masks for Dice, IoU and accuracy.
    public static let thresholdRule = "sigmoid>0.5"

    public var network: NetworkConfiguration
    public var epochs: Int = 100
    public var batch: Int = 32
    public var learningRate: Double = 0.05
    public var momentum: Double = 0.9
    public var weightDecay: Double = 1e-3
    public var learningRateStep: Int = 20
    public var learningRateFactor: Double = 0.1
    public var seed: Int64 = 0

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
        result["labels"] = "cl"
        result["threshold_rule"] = .string(Self.thresholdRule)
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

    /// The run's spec on `dataset`.
    public func spec(dataset: ContentID) -> RunSpec {
        RunSpec(kind: Self.kind, params: parameters, inputs: ["dataset": dataset], seed: seed)
    }
}
