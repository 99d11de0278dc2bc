public import CanonicalJSON
internal import NeuralNets
public import Runs

/// How a network is optimised, shared by supervised training and iGTT: SGD with momentum and L2
/// weight decay for `epochs` epochs of `batch` images, the learning rate multiplied by
/// `learningRateFactor` every `learningRateStep` epochs (`StepLearningRate`). The defaults are the
/// official training's: 100 epochs, batch 32, lr 0.05, momentum 0.9, weight decay 1e-3, ×0.1 every
/// 20 epochs.
///
/// Spec parameters: `epochs`, `batch`, `lr`, `momentum`, `weight_decay`, `lr_step`, `lr_factor`.
public struct TrainingSchedule: Sendable, Equatable {
    public var epochs = 100
    public var batch = 32
    public var learningRate = 0.05
    public var momentum = 0.9
    public var weightDecay = 1e-3
    public var learningRateStep = 20
    public var learningRateFactor = 0.1

    public init() {}

    /// The schedule's spec parameters.
    public var parameters: [String: JSONValue] {
        [
            "epochs": .integer(Int64(epochs)), "batch": .integer(Int64(batch)), "lr": .number(learningRate),
            "momentum": .number(momentum), "weight_decay": .number(weightDecay),
            "lr_step": .integer(Int64(learningRateStep)), "lr_factor": .number(learningRateFactor),
        ]
    }

    /// Reads the schedule's parameters back from a spec: each one is required, or, with `defaults`,
    /// taken from `defaults` when the spec leaves it out.
    public init(reading reader: inout SpecParameters, defaults: TrainingSchedule? = nil) throws(RunError) {
        epochs = try reader.integer("epochs", default: defaults?.epochs, in: 1...Int.max)
        batch = try reader.integer("batch", default: defaults?.batch, in: 1...Int.max)
        learningRate = try reader.number("lr", default: defaults?.learningRate)
        momentum = try reader.number("momentum", default: defaults?.momentum)
        weightDecay = try reader.number("weight_decay", default: defaults?.weightDecay)
        learningRateStep = try reader.integer("lr_step", default: defaults?.learningRateStep, in: 1...Int.max)
        learningRateFactor = try reader.number("lr_factor", default: defaults?.learningRateFactor)
    }

    /// Checks the numbers; `minimumBatch` is the smallest batch the network trains on (two for
    /// networks whose batch norm sees a 1×1 map). Throws `invalidParameter` naming the first bad one.
    public func validate(minimumBatch: Int, architecture: String) throws(RunError) {
        func bad(_ name: String, _ reason: String) -> RunError {
            .invalidParameter(name: name, reason: reason)
        }
        guard epochs >= 1 else { throw bad("epochs", "must be ≥ 1, got \(epochs)") }
        guard batch >= minimumBatch else {
            throw bad("batch", "must be ≥ \(minimumBatch) for \(architecture), got \(batch)")
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
    }

    /// A fresh optimiser at the base learning rate.
    func optimizer() -> SGD {
        SGD(learningRate: Float(learningRate), momentum: Float(momentum), weightDecay: Float(weightDecay))
    }

    /// The learning rate of `epoch` (1-based): `lr · factor^⌊(epoch − 1) / step⌋`.
    public func learningRate(epoch: Int) -> Float {
        let schedule = StepLearningRate(
            base: learningRate, gamma: learningRateFactor, stepSize: learningRateStep)
        return Float(schedule.rate(epoch: epoch - 1))
    }
}
