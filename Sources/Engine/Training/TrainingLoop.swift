internal import ArtifactStore
internal import CanonicalJSON
internal import Evaluation
internal import Foundation
internal import NeuralNets
internal import NumericCore

/// The epochs of one training run, resumable after any epoch.
///
/// Every random draw comes from a named stream of the run's seed that depends only on the epoch:
/// `init` (weights, drawn once), `shuffle/epoch-<k>` (the order of the training images, Fisher–Yates),
/// `augment/epoch-<k>` (one `DihedralTransform` per image, in the shuffled order) and
/// `dropout/epoch-<k>` (DeepLab's dropout, advanced across the epoch's steps). So resuming after
/// epoch `k` needs only the checkpoint: parameters, batch-norm statistics, SGD velocities.
///
/// Epoch `k` (1-based) uses learning rate `lr · factor^⌊(k − 1) / step⌋` (`StepLearningRate`), runs
/// the shuffled images in batches of `batch` (the last batch holds the remainder; a remainder of one
/// image is skipped when the network needs batches of two), each step minimising BCE on logits with
/// ignored pixels (255) masked out, then evaluates the test split (`TestEvaluation`) and stores
/// `checkpoint/epoch-<k>`.
struct TrainingLoop {
    let settings: TrainingSettings
    let train: [TrainingExample]
    let test: [TrainingExample]
    let context: RunContext
    let network: any UnaryLayer
    let optimizer: SGD
    /// Completed epochs (restored from a checkpoint when resuming).
    private(set) var completed = 0
    private(set) var resumedFrom = 0
    private var diceHistory: [Double] = []
    private var lossHistory: [Double] = []

    init(settings: TrainingSettings, train: [TrainingExample], test: [TrainingExample], context: RunContext)
        throws
    {
        self.settings = settings
        self.train = train
        self.test = test
        self.context = context
        var generator = RandomStream(seed: UInt64(settings.seed), stream: "init")
        network = settings.network.build(inChannels: train[0].channels, generator: &generator)
        optimizer = SGD(
            learningRate: Float(settings.learningRate), momentum: Float(settings.momentum),
            weightDecay: Float(settings.weightDecay))
        try resume()
    }

    /// Restores the last checkpoint of an earlier attempt that did not finish (a forced rerun of a
    /// finished run starts afresh, so that it recomputes everything).
    private mutating func resume() throws {
        guard let checkpoint = try context.latestCheckpoint(upTo: settings.epochs) else { return }
        let last = checkpoint.epoch
        try checkpoint.restore(
            into: network, optimizer: optimizer, architecture: settings.network.architecture,
            hyperparameters: settings.checkpointHyperparameters)
        diceHistory = checkpoint.history["dice"] ?? []
        lossHistory = checkpoint.history["loss"] ?? []
        guard diceHistory.count == last else {
            throw EngineError.invalidCheckpoint(reason: "epoch \(last) with \(diceHistory.count) Dice values")
        }
        completed = last
        resumedFrom = last
    }

    /// Runs the remaining epochs and returns the run's product.
    mutating func run(progress: (TrainingProgress) throws -> Void) throws -> RunProduct {
        var evaluation: TestEvaluation?
        while completed < settings.epochs {
            evaluation = try runEpoch(completed + 1, progress: progress)
        }
        let final = try evaluation ?? TestEvaluation(network: network, examples: test)
        var artifacts: [String: ProducedArtifact] = [
            "checkpoint": ProducedArtifact(kind: .checkpoint, bytes: Data(checkpoint().canonicalBytes)),
            "curve/dice": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "dice", xLabel: "epoch", y: diceHistory).canonicalBytes)),
            "curve/loss": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "loss", xLabel: "step", y: lossHistory).canonicalBytes)),
        ]
        artifacts.merge(TestPredictions.artifacts(final.scores, height: test[0].height, width: test[0].width))
        {
            _, new in new
        }
        return RunProduct(artifacts: artifacts, metrics: try final.metrics(examples: test))
    }

    /// The current state as a checkpoint.
    func checkpoint() -> Checkpoint {
        Checkpoint(
            architecture: settings.network.architecture, hyperparameters: settings.checkpointHyperparameters,
            epoch: completed, history: ["dice": diceHistory, "loss": lossHistory], network: network,
            optimizer: optimizer)
    }

    /// Trains epoch `epoch`, evaluates, stores its checkpoint.
    private mutating func runEpoch(_ epoch: Int, progress: (TrainingProgress) throws -> Void) throws
        -> TestEvaluation
    {
        let seed = UInt64(settings.seed)
        let schedule = StepLearningRate(
            base: settings.learningRate, gamma: settings.learningRateFactor,
            stepSize: settings.learningRateStep)
        optimizer.learningRate = Float(schedule.rate(epoch: epoch - 1))
        let plan = EpochPlan(
            seed: settings.seed, epoch: epoch, count: train.count, batch: settings.batch,
            minimumBatch: settings.network.minimumBatch, square: train[0].height == train[0].width)
        let (order, transforms, batches) = (plan.order, plan.transforms, plan.batches)
        var dropout = RandomStream(seed: seed, stream: "dropout/epoch-\(epoch)")
        var report = TrainingProgress(
            epoch: epoch, epochs: settings.epochs, step: 0, stepsPerEpoch: batches.count, loss: 0, dice: nil,
            resumedFrom: resumedFrom)
        for (step, positions) in batches.enumerated() {
            let batch = TrainingExample.batch(positions.map { (train[order[$0]], transforms[$0]) })
            let tape = Tape(training: true, random: dropout)
            let logits = network(tape.constant(batch.images), on: tape)
            let loss = tape.binaryCrossEntropyWithLogits(logits, targets: batch.targets, mask: batch.masks)
            let value = loss.value.scalars[0]
            guard value.isFinite else {
                throw EngineError.diverged(epoch: epoch, step: step + 1, loss: value)
            }
            optimizer.zeroGradients(network.parameters)
            tape.backward(from: loss)
            optimizer.step(network.parameters)
            dropout = tape.random ?? dropout
            lossHistory.append(Double(value))
            report.step = step + 1
            report.loss = Double(value)
            try progress(report)
        }
        let evaluation = try TestEvaluation(network: network, examples: test)
        diceHistory.append(evaluation.confusion.dice)
        completed = epoch
        let state = checkpoint()
        for entry in state.entries where !entry.tensor.scalars.allSatisfy(\.isFinite) {
            throw EngineError.invalidCheckpoint(
                reason: "epoch \(epoch) left a non-finite value in \(entry.name)")
        }
        try context.checkpoint(
            role: "checkpoint/epoch-\(epoch)",
            artifact: ProducedArtifact(kind: .checkpoint, bytes: Data(state.canonicalBytes)))
        report.dice = evaluation.confusion.dice
        try progress(report)
        return evaluation
    }
}
