internal import ArtifactStore
internal import CanonicalJSON
internal import Evaluation
internal import Foundation
internal import Imaging
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
/// ignored pixels (255) masked out (binary networks) or cross-entropy over the classes with the
/// ignore label 255 (multi-class), then evaluates the test split (`TestEvaluation` or
/// `MulticlassEvaluation`) and stores `checkpoint/epoch-<k>`. The per-epoch test score (Dice or
/// mIoU) is kept in the checkpoint's history under `dice` or `miou`; a binary network also keeps
/// Dice at that epoch's searched threshold (`dice_searched`, the official trainer's per-epoch rule).
struct TrainingLoop {
    let settings: TrainingSettings
    let train: [TrainingExample]
    let test: [TrainingExample]
    /// The class names of a multi-class set; nil for a binary set.
    let classNames: [String]?
    let context: RunContext
    let network: any UnaryLayer
    let optimizer: SGD
    /// Completed epochs (restored from a checkpoint when resuming).
    private(set) var completed = 0
    private(set) var resumedFrom = 0
    /// The test score per epoch: Dice, or mIoU for a multi-class set.
    private var scoreHistory: [Double] = []
    /// Per epoch, Dice at the threshold that maximises that epoch's pooled test IoU (binary only).
    private var searchedHistory: [Double] = []
    private var lossHistory: [Double] = []

    /// The curve and history name of the per-epoch test score.
    private var scoreName: String { classNames == nil ? "dice" : "miou" }

    init(
        settings: TrainingSettings, train: [TrainingExample], test: [TrainingExample], classNames: [String]?,
        context: RunContext
    ) throws {
        precondition(
            (classNames != nil) == settings.network.isMulticlass,
            "TrainingLoop: \(settings.network.architecture) with classes \(classNames ?? [])")
        self.settings = settings
        self.train = train
        self.test = test
        self.classNames = classNames
        self.context = context
        var generator = RandomStream(seed: UInt64(settings.seed), stream: "init")
        network = settings.network.build(
            inChannels: train[0].channels, classes: classNames?.count ?? 1, generator: &generator)
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
        scoreHistory = checkpoint.history[scoreName] ?? []
        lossHistory = checkpoint.history["loss"] ?? []
        searchedHistory = checkpoint.history[TestEvaluation.searchedDiceName] ?? []
        guard scoreHistory.count == last else {
            throw EngineError.invalidCheckpoint(
                reason: "epoch \(last) with \(scoreHistory.count) \(scoreName) values")
        }
        guard classNames != nil || searchedHistory.count == last else {
            throw EngineError.invalidCheckpoint(
                reason:
                    "epoch \(last) with \(searchedHistory.count) \(TestEvaluation.searchedDiceName) values")
        }
        completed = last
        resumedFrom = last
    }

    /// Runs the remaining epochs and returns the run's product.
    mutating func run(progress: (TrainingProgress) throws -> Void) throws -> RunProduct {
        var evaluation: SplitEvaluation?
        while completed < settings.epochs {
            evaluation = try runEpoch(completed + 1, progress: progress)
        }
        let final = try evaluation ?? evaluate()
        var artifacts: [String: ProducedArtifact] = [
            CheckpointRoles.final: ProducedArtifact(
                kind: .checkpoint, bytes: Data(checkpoint().canonicalBytes)),
            "curve/\(scoreName)": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: scoreName, xLabel: "epoch", y: scoreHistory).canonicalBytes)),
            "curve/loss": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "loss", xLabel: "step", y: lossHistory).canonicalBytes)),
        ]
        let digits = max(3, String(test.count).count)
        func role(_ index: Int) -> String {
            "prediction/test/" + String(repeating: "0", count: max(0, digits - String(index).count))
                + String(index)
        }
        switch final {
        case .binary(let binary):
            artifacts["curve/\(TestEvaluation.searchedDiceName)"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(
                    Curve(metric: TestEvaluation.searchedDiceName, xLabel: "epoch", y: searchedHistory)
                        .canonicalBytes))
            for (index, (example, scores)) in zip(test, binary.scores).enumerated() {
                artifacts[role(index)] = ProducedArtifact(
                    kind: .prediction,
                    bytes: Data(
                        PredictionEncoding.bytes(
                            channels: 1, height: example.height, width: example.width, scores: scores)))
            }
            return RunProduct(
                artifacts: artifacts, metrics: binary.metrics(),
                releasedRoles: CheckpointRoles.released(epochs: settings.epochs))
        case .multiclass(let multiclass, let names):
            for (index, (example, map)) in zip(test, multiclass.predictions).enumerated() {
                let labels = LabelMap(width: example.width, height: example.height, labels: map)
                artifacts[role(index)] = ProducedArtifact(kind: .label, bytes: Data(labels.canonicalBytes))
            }
            artifacts["confusion"] = ProducedArtifact(
                kind: .confusion, bytes: Data(multiclass.confusionBytes(classNames: names)))
            return RunProduct(
                artifacts: artifacts, metrics: multiclass.metrics(classNames: names),
                releasedRoles: CheckpointRoles.released(epochs: settings.epochs))
        }
    }

    /// The network on the test split.
    private func evaluate() throws -> SplitEvaluation {
        guard let classNames else { return .binary(try TestEvaluation(network: network, examples: test)) }
        return .multiclass(
            try MulticlassEvaluation(network: network, examples: test, classes: classNames.count), classNames)
    }

    /// The current state as a checkpoint.
    func checkpoint() -> Checkpoint {
        var history = [scoreName: scoreHistory, "loss": lossHistory]
        if classNames == nil { history[TestEvaluation.searchedDiceName] = searchedHistory }
        return Checkpoint(
            architecture: settings.network.architecture, hyperparameters: settings.checkpointHyperparameters,
            epoch: completed, history: history, network: network, optimizer: optimizer)
    }

    /// Trains epoch `epoch`, evaluates, stores its checkpoint.
    private mutating func runEpoch(_ epoch: Int, progress: (TrainingProgress) throws -> Void) throws
        -> SplitEvaluation
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
            let loss =
                classNames == nil
                ? tape.binaryCrossEntropyWithLogits(logits, targets: batch.targets, mask: batch.masks)
                : tape.crossEntropy(logits, labels: batch.classes, ignoreIndex: Int32(LabelMap.ignore))
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
        let evaluation = try evaluate()
        scoreHistory.append(evaluation.score)
        if case .binary(let binary) = evaluation { searchedHistory.append(binary.search.confusion.dice) }
        completed = epoch
        let state = checkpoint()
        for entry in state.entries where !entry.tensor.scalars.allSatisfy(\.isFinite) {
            throw EngineError.invalidCheckpoint(
                reason: "epoch \(epoch) left a non-finite value in \(entry.name)")
        }
        try context.checkpoint(
            role: CheckpointRoles.epoch(epoch),
            artifact: ProducedArtifact(kind: .checkpoint, bytes: Data(state.canonicalBytes)))
        switch evaluation {
        case .binary: report.dice = evaluation.score
        case .multiclass: report.miou = evaluation.score
        }
        try progress(report)
        return evaluation
    }
}
