internal import ArtifactStore
internal import CanonicalJSON
internal import Evaluation
internal import Foundation
internal import Imaging
internal import NeuralNets
internal import NumericCore

/// The epochs of one iGTT run, resumable after any epoch.
///
/// Epoch `k` (1-based; the paper's epoch `k − 1`) trains on labels `Y_k`: all zeros for `k = 1`;
/// afterwards, per training image, the oriented candidate of epoch `k − 1`
/// (`ThresholdSelection.oriented`), passed through EMS (`MetaStructureSampling`, drawn from the
/// stream `ems/epoch-<k>/image-<NNN>` of the seed, so it is redrawn every epoch) unless `ems` is off.
/// The order, flips and turns are supervised training's (`EpochPlan`); the loss is DMI + soft IoU
/// on the sigmoid outputs, per image and averaged over the batch. During the epoch, the sigmoid map
/// of every image's forward pass gives its next candidate (`ThresholdSelection`, computed in the
/// augmented frame and turned back). After the epoch the oriented candidates are stored as `label`
/// artifacts `pseudo/epoch-<k>/<NNN>` (attached at once), the test split is evaluated
/// (`TestEvaluation`; Dice at 0.5 and at the epoch's searched threshold are kept as `curve/dice` and
/// `curve/dice_searched`) and `checkpoint/epoch-<k>` is stored. Resuming after epoch `k` restores the
/// checkpoint and reads the candidates back from the pseudo-labels of epoch `k`.
///
/// Orientation: DMI scores `|det|`, so it rewards a network anti-correlated with its labels as much
/// as a correlated one, and at the official weights it outweighs soft IoU by orders of magnitude
/// (its gradient scales with `1/|det|`). When the inversion rule flips a candidate, the network is
/// trained towards scoring the flipped label low, and a run settles in either state: a network
/// that scores the foreground and candidates kept as they are, or one that scores the background
/// and candidates all inverted. Under `IGTTSettings.orientedThresholdRule` the test scores are
/// therefore `1 − sigmoid` when more than half of the epoch's candidates were inverted; the share
/// inverted per epoch is kept (`curve/inverted`, the checkpoints' history `inverted`). Under
/// `IGTTSettings.intensityThresholdRule` (the default) they are `1 − sigmoid` when the epoch's
/// training maps correlate negatively with the training images' intensity; that correlation per
/// epoch is kept (`curve/intensity`, history `intensity`).
struct IGTTLoop {
    let settings: IGTTSettings
    let train: [TrainingExample]
    let test: [TrainingExample]
    let context: RunContext
    let network: any UnaryLayer
    let optimizer: SGD
    private(set) var completed = 0
    private(set) var resumedFrom = 0
    /// Per epoch, test Dice at 0.5 and at the epoch's searched threshold.
    private var diceHistory: [Double] = []
    private var searchedHistory: [Double] = []
    private var lossHistory: [Double] = []
    /// Per epoch, the share of the candidates the inversion rule flipped.
    private var invertedHistory: [Double] = []
    /// Per epoch, the correlation of the training maps with the images' intensity.
    private var intensityHistory: [Double] = []
    /// Per training image, the oriented candidate of the last completed epoch (nil before epoch 1).
    private var candidates: [[UInt8]]?

    init(settings: IGTTSettings, train: [TrainingExample], test: [TrainingExample], context: RunContext)
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

    /// The role of training image `index`'s pseudo-label of `epoch`.
    static func pseudoLabelRole(epoch: Int, index: Int, count: Int) -> String {
        "pseudo/epoch-\(epoch)/" + TestPredictions.paddedNumber(index, of: count)
    }

    private mutating func resume() throws {
        guard let checkpoint = try context.latestCheckpoint(upTo: settings.epochs),
            let previous = context.previous
        else { return }
        let last = checkpoint.epoch
        try checkpoint.restore(
            into: network, optimizer: optimizer, architecture: settings.network.architecture,
            hyperparameters: settings.checkpointHyperparameters)
        diceHistory = checkpoint.history["dice"] ?? []
        lossHistory = checkpoint.history["loss"] ?? []
        searchedHistory = checkpoint.history[TestEvaluation.searchedDiceName] ?? []
        invertedHistory = checkpoint.history["inverted"] ?? []
        intensityHistory = checkpoint.history["intensity"] ?? []
        guard diceHistory.count == last, searchedHistory.count == last,
            !settings.orientsScores || invertedHistory.count == last,
            !settings.orientsByIntensity || intensityHistory.count == last
        else {
            throw EngineError.invalidCheckpoint(
                reason:
                    "epoch \(last) with \(diceHistory.count) Dice, \(searchedHistory.count) searched Dice, "
                    + "\(invertedHistory.count) inversion and "
                    + "\(intensityHistory.count) intensity values")
        }
        var restored: [[UInt8]] = []
        for index in train.indices {
            let role = Self.pseudoLabelRole(epoch: last, index: index, count: train.count)
            guard let id = previous.outputs[role] else {
                throw EngineError.invalidCheckpoint(reason: "epoch \(last) left no \(role)")
            }
            let labels = try LabelMap(canonicalBytes: Array(context.store.get(id).bytes))
            guard labels.width == train[index].width, labels.height == train[index].height else {
                throw EngineError.invalidCheckpoint(reason: "\(role) is \(labels.width)×\(labels.height)")
            }
            restored.append(labels.labels)
        }
        candidates = restored
        completed = last
        resumedFrom = last
    }

    /// Runs the remaining epochs and returns the run's product.
    mutating func run(progress: (TrainingProgress) throws -> Void) throws -> RunProduct {
        var evaluation: TestEvaluation?
        while completed < settings.epochs {
            evaluation = try runEpoch(completed + 1, progress: progress)
        }
        let final = try evaluation ?? TestEvaluation(network: network, examples: test, invert: scoresInverted)
        var artifacts: [String: ProducedArtifact] = [
            CheckpointRoles.final: ProducedArtifact(
                kind: .checkpoint, bytes: Data(checkpoint().canonicalBytes)),
            "curve/dice": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "dice", xLabel: "epoch", y: diceHistory).canonicalBytes)),
            "curve/\(TestEvaluation.searchedDiceName)": ProducedArtifact(
                kind: .curve,
                bytes: Data(
                    Curve(metric: TestEvaluation.searchedDiceName, xLabel: "epoch", y: searchedHistory)
                        .canonicalBytes)),
            "curve/loss": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "loss", xLabel: "step", y: lossHistory).canonicalBytes)),
        ]
        var metrics = final.metrics()
        if settings.orientsScores {
            artifacts["curve/inverted"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "inverted", xLabel: "epoch", y: invertedHistory).canonicalBytes))
            metrics["scores_inverted"] = scoresInverted ? 1 : 0
        }
        if settings.orientsByIntensity {
            artifacts["curve/intensity"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "intensity", xLabel: "epoch", y: intensityHistory).canonicalBytes))
            metrics["scores_inverted"] = scoresInverted ? 1 : 0
        }
        artifacts.merge(TestPredictions.artifacts(final.scores, height: test[0].height, width: test[0].width))
        {
            _, new in new
        }
        return RunProduct(
            artifacts: artifacts, metrics: metrics,
            releasedRoles: CheckpointRoles.released(epochs: settings.epochs))
    }

    /// Whether the test scores are `1 − sigmoid`: under the oriented rule, when more than half of the
    /// last epoch's candidates were inverted; under the intensity rule, when the last epoch's maps
    /// correlated negatively with intensity.
    var scoresInverted: Bool {
        if settings.orientsByIntensity { return (intensityHistory.last ?? 0) < 0 }
        return settings.orientsScores && (invertedHistory.last ?? 0) > 0.5
    }

    func checkpoint() -> Checkpoint {
        var history = [
            "dice": diceHistory, TestEvaluation.searchedDiceName: searchedHistory, "loss": lossHistory,
        ]
        if settings.orientsScores { history["inverted"] = invertedHistory }
        if settings.orientsByIntensity { history["intensity"] = intensityHistory }
        return Checkpoint(
            architecture: settings.network.architecture, hyperparameters: settings.checkpointHyperparameters,
            epoch: completed, history: history, network: network, optimizer: optimizer)
    }

    /// The labels epoch `epoch` trains image `index` on.
    func label(epoch: Int, index: Int) -> [UInt8] {
        let example = train[index]
        guard let candidates else { return [UInt8](repeating: 0, count: example.height * example.width) }
        return settings.trainingLabel(
            candidate: Mask(width: example.width, height: example.height, pixels: candidates[index]),
            epoch: epoch,
            index: index, count: train.count
        ).pixels
    }

    private mutating func runEpoch(_ epoch: Int, progress: (TrainingProgress) throws -> Void) throws
        -> TestEvaluation
    {
        let schedule = StepLearningRate(
            base: settings.learningRate, gamma: settings.learningRateFactor,
            stepSize: settings.learningRateStep)
        optimizer.learningRate = Float(schedule.rate(epoch: epoch - 1))
        let plan = EpochPlan(
            seed: settings.seed, epoch: epoch, count: train.count, batch: settings.batch,
            minimumBatch: settings.network.minimumBatch, square: train[0].height == train[0].width)
        let (h, w) = (train[0].height, train[0].width)
        // An image no batch reached (a dropped remainder) keeps its previous candidate.
        var next = candidates ?? train.map { [UInt8](repeating: 0, count: $0.height * $0.width) }
        var report = TrainingProgress(
            epoch: epoch, epochs: settings.epochs, step: 0, stepsPerEpoch: plan.batches.count, loss: 0,
            dice: nil, resumedFrom: resumedFrom)
        var inverted = 0
        var intensity = PooledCorrelation()
        for (step, positions) in plan.batches.enumerated() {
            let batch = TrainingExample.batch(
                positions.map { position in
                    let index = plan.order[position]
                    return (
                        TrainingExample(train[index], labels: label(epoch: epoch, index: index)),
                        plan.transforms[position]
                    )
                })
            let tape = Tape(training: true)
            let probabilities = tape.sigmoid(network(tape.constant(batch.images), on: tape))
            let loss = tape.add(
                tape.dmiLoss(probabilities, targets: batch.targets),
                tape.softIoULoss(
                    probabilities, targets: batch.targets, power: settings.softIoU == "official" ? 2 : 1))
            let value = loss.value.scalars[0]
            guard value.isFinite else {
                throw EngineError.diverged(epoch: epoch, step: step + 1, loss: value)
            }
            let scores = probabilities.value.scalars
            if settings.orientsByIntensity {
                // Each map against its image's mean over channels, in the (augmented) input frame.
                let channels = train[0].channels
                let pixels = batch.images.scalars
                for slot in positions.indices {
                    let base = slot * channels * h * w
                    let brightness = (0..<(h * w)).map { pixel in
                        (0..<channels).reduce(Float(0)) { $0 + pixels[base + $1 * h * w + pixel] }
                            / Float(channels)
                    }
                    intensity.add(scores[(slot * h * w)..<((slot + 1) * h * w)], brightness)
                }
            }
            for (slot, position) in positions.enumerated() {
                let map = Array(scores[(slot * h * w)..<((slot + 1) * h * w)])
                let selection = ThresholdSelection(probabilities: map, thresholdCount: settings.thresholds)
                var original = [UInt8](repeating: 0, count: h * w)
                for (target, source) in plan.transforms[position].sourceIndices(height: h, width: w)
                    .enumerated()
                {
                    original[source] = selection.candidate[target]
                }
                let oriented = ThresholdSelection.oriented(original)
                if oriented != original { inverted += 1 }
                next[plan.order[position]] = oriented
            }
            optimizer.zeroGradients(network.parameters)
            tape.backward(from: loss)
            optimizer.step(network.parameters)
            lossHistory.append(Double(value))
            report.step = step + 1
            report.loss = Double(value)
            try progress(report)
        }
        for (index, labels) in next.enumerated() {
            try context.checkpoint(
                role: Self.pseudoLabelRole(epoch: epoch, index: index, count: train.count),
                artifact: ProducedArtifact(
                    kind: .label, bytes: Data(LabelMap(width: w, height: h, labels: labels).canonicalBytes)))
        }
        candidates = next
        let reached = plan.batches.reduce(0) { $0 + $1.count }
        invertedHistory.append(Double(inverted) / Double(reached))
        if settings.orientsByIntensity { intensityHistory.append(intensity.value) }
        let evaluation = try TestEvaluation(network: network, examples: test, invert: scoresInverted)
        diceHistory.append(evaluation.confusion.dice)
        searchedHistory.append(evaluation.search.confusion.dice)
        completed = epoch
        let state = checkpoint()
        for entry in state.entries where !entry.tensor.scalars.allSatisfy(\.isFinite) {
            throw EngineError.invalidCheckpoint(
                reason: "epoch \(epoch) left a non-finite value in \(entry.name)")
        }
        try context.checkpoint(
            role: CheckpointRoles.epoch(epoch),
            artifact: ProducedArtifact(kind: .checkpoint, bytes: Data(state.canonicalBytes)))
        report.dice = evaluation.confusion.dice
        try progress(report)
        return evaluation
    }
}
