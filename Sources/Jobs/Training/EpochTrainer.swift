internal import ArtifactStore
internal import CanonicalJSON
internal import Foundation
internal import NeuralNets
internal import NumericCore
internal import RandomStreams
internal import Runs

/// What one way of training a network adds to the shared epoch loop (`EpochTrainer`): the labels
/// each epoch trains on, the loss, the test evaluation, and the per-epoch state it keeps.
/// Supervised training (`SupervisedObjective`) and iGTT (`IGTTObjective`) are the two.
protocol TrainingObjective {
    /// One epoch's test evaluation.
    associatedtype Evaluation

    /// The training images (their own labels are the objective's business).
    var train: [TrainingExample] { get }
    /// The network's output channels: 1 for a binary network, else the class count.
    var outputChannels: Int { get }
    /// The per-epoch series this objective keeps in every checkpoint's history (beside `loss`).
    var histories: [String: [Double]] { get }

    /// Restores the state after `epoch` of an earlier attempt from its checkpoint's `history` and
    /// what that attempt attached (`context.previous`).
    mutating func restore(after epoch: Int, history: [String: [Double]], context: RunContext) throws
    /// Called before the first step of `epoch` (1-based).
    mutating func startEpoch(_ epoch: Int, plan: EpochPlan)
    /// The example training image `index` is trained on in `epoch`.
    func example(_ index: Int, epoch: Int) -> TrainingExample
    /// The loss of one step on `batch`, the images at `positions` of `plan`'s order; it may record
    /// what it sees of the network's output.
    mutating func loss(
        _ output: Variable, batch: TrainingBatch, positions: [Int], plan: EpochPlan, on tape: Tape
    ) -> Variable
    /// Called after the last step of `epoch`, before the test evaluation.
    mutating func finishSteps(of epoch: Int, plan: EpochPlan, context: RunContext) throws
    /// The network on the test split.
    func evaluate(_ network: any UnaryLayer) throws -> Evaluation
    /// Keeps `evaluation` in the per-epoch series and sets the epoch's score in `report`.
    mutating func record(_ evaluation: Evaluation, in report: inout TrainingProgress)
    /// The run's outputs and metrics (besides the final checkpoint and the loss curve) after its
    /// last epoch, evaluated as `final`.
    func product(final: Evaluation) -> (artifacts: [String: ProducedArtifact], metrics: [String: Double])
}

/// A training example batch: `[N, C, H, W]` images, `[N, 1, H, W]` targets and masks, the `N·H·W`
/// class indices (`TrainingExample.batch`).
typealias TrainingBatch = (images: Tensor, targets: Tensor, masks: Tensor, classes: [Int32])

/// The epochs of one training run, resumable after any epoch; the objective supplies what differs
/// between supervised training and iGTT.
///
/// Every random draw comes from a named stream of the run's seed that depends only on the epoch:
/// `init` (weights, drawn once), the epoch's order and flips (`EpochPlan`) and
/// `dropout/epoch-<k>` (DeepLab's dropout, advanced across the epoch's steps). Epoch `k` (1-based)
/// uses the schedule's learning rate of epoch `k`, runs the plan's batches (each a step of SGD on the
/// objective's loss), lets the objective finish the epoch, evaluates the test split, and stores
/// `checkpoint/epoch-<k>` when the context's `checkpointCadence` says one is due (by default once a
/// minute): the network, the SGD velocities and every per-epoch series. So resuming after epoch `k`
/// needs only that checkpoint (and what the objective restores from the attempt's outputs), and
/// gives the bits of a run without a break.
struct EpochTrainer<Objective: TrainingObjective> {
    let schedule: TrainingSchedule
    let network: NetworkConfiguration
    let seed: Seed
    /// What a checkpoint must agree on to be resumed by this run.
    let hyperparameters: [String: JSONValue]
    let context: RunContext
    let layer: any UnaryLayer
    let optimizer: SGD
    private(set) var objective: Objective
    private(set) var completed = 0
    private(set) var resumedFrom = 0
    /// The training loss per step.
    private var lossHistory: [Double] = []
    /// When this attempt started or last stored a checkpoint (`RunContext.checkpointCadence`).
    private var lastCheckpoint = Date()

    init(
        objective: Objective, network: NetworkConfiguration, schedule: TrainingSchedule, seed: Seed,
        hyperparameters: [String: JSONValue], context: RunContext
    ) throws {
        self.objective = objective
        self.network = network
        self.schedule = schedule
        self.seed = seed
        self.hyperparameters = hyperparameters
        self.context = context
        var generator = seed.stream(StreamName.initialWeights)
        layer = network.build(
            inChannels: objective.train[0].channels, classes: objective.outputChannels, generator: &generator)
        optimizer = schedule.optimizer()
        try resume()
    }

    /// Restores the last checkpoint of an earlier attempt that did not finish (a forced rerun of a
    /// finished run starts afresh, so that it recomputes everything).
    private mutating func resume() throws {
        guard let checkpoint = try context.latestCheckpoint(upTo: schedule.epochs) else { return }
        try checkpoint.restore(
            into: layer, optimizer: optimizer, architecture: network.architecture,
            hyperparameters: hyperparameters)
        lossHistory = checkpoint.history["loss"] ?? []
        try objective.restore(after: checkpoint.epoch, history: checkpoint.history, context: context)
        completed = checkpoint.epoch
        resumedFrom = checkpoint.epoch
    }

    /// Runs the remaining epochs and returns the run's product.
    mutating func run(progress: (TrainingProgress) throws -> Void) throws -> RunProduct {
        var evaluation: Objective.Evaluation?
        while completed < schedule.epochs {
            evaluation = try runEpoch(completed + 1, progress: progress)
        }
        let (outputs, metrics) = objective.product(final: try evaluation ?? objective.evaluate(layer))
        var artifacts = outputs
        artifacts[CheckpointRoles.final] = ProducedArtifact(
            kind: .checkpoint, bytes: Data(checkpoint().canonicalBytes))
        artifacts["curve/loss"] = ProducedArtifact(
            kind: .curve, bytes: Data(Curve(metric: "loss", xLabel: "step", y: lossHistory).canonicalBytes))
        return RunProduct(
            artifacts: artifacts, metrics: metrics,
            releasedRoles: CheckpointRoles.released(epochs: schedule.epochs))
    }

    /// The current state as a checkpoint.
    func checkpoint() -> Checkpoint {
        var history = objective.histories
        history["loss"] = lossHistory
        return Checkpoint(
            architecture: network.architecture, hyperparameters: hyperparameters, epoch: completed,
            history: history, network: layer, optimizer: optimizer)
    }

    /// Trains epoch `epoch`, evaluates, stores its checkpoint.
    private mutating func runEpoch(_ epoch: Int, progress: (TrainingProgress) throws -> Void) throws
        -> Objective.Evaluation
    {
        optimizer.learningRate = schedule.learningRate(epoch: epoch)
        let train = objective.train
        let plan = EpochPlan(
            seed: seed, epoch: epoch, count: train.count, batch: schedule.batch,
            minimumBatch: network.minimumBatch, square: train[0].height == train[0].width)
        var dropout = seed.stream(StreamName.dropout(epoch: epoch))
        var report = TrainingProgress(
            epoch: epoch, epochs: schedule.epochs, step: 0, stepsPerEpoch: plan.batches.count, loss: 0,
            dice: nil, resumedFrom: resumedFrom)
        objective.startEpoch(epoch, plan: plan)
        for (step, positions) in plan.batches.enumerated() {
            let batch = TrainingExample.batch(
                positions.map { (objective.example(plan.order[$0], epoch: epoch), plan.transforms[$0]) })
            let tape = Tape(training: true, random: dropout)
            let output = layer(tape.constant(batch.images), on: tape)
            let loss = objective.loss(output, batch: batch, positions: positions, plan: plan, on: tape)
            let value = loss.value.scalars[0]
            guard value.isFinite else {
                throw RunError.diverged(epoch: epoch, step: step + 1, loss: value)
            }
            optimizer.zeroGradients(layer.parameters)
            tape.backward(from: loss)
            optimizer.step(layer.parameters)
            dropout = tape.random ?? dropout
            lossHistory.append(Double(value))
            report.step = step + 1
            report.loss = Double(value)
            try progress(report)
        }
        try objective.finishSteps(of: epoch, plan: plan, context: context)
        let evaluation = try objective.evaluate(layer)
        objective.record(evaluation, in: &report)
        completed = epoch
        let state = checkpoint()
        for entry in state.entries where !entry.tensor.scalars.allSatisfy(\.isFinite) {
            throw RunError.invalidCheckpoint(
                reason: "epoch \(epoch) left a non-finite value in \(entry.name)")
        }
        if context.checkpointCadence.isDue(since: lastCheckpoint) {
            try context.checkpoint(
                role: CheckpointRoles.epoch(epoch),
                artifact: ProducedArtifact(kind: .checkpoint, bytes: Data(state.canonicalBytes)))
            lastCheckpoint = Date()
        }
        try progress(report)
        return evaluation
    }
}
