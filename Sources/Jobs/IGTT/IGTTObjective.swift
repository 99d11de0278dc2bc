internal import ArtifactStore
internal import Evaluation
internal import Foundation
internal import Imaging
internal import NeuralNets
internal import NumericCore
internal import RandomStreams
internal import Runs

/// iGTT in the epoch loop (`EpochTrainer`).
///
/// Epoch `k` (1-based; the paper's epoch `k − 1`) trains on labels `Y_k`: all zeros for `k = 1`;
/// afterwards, per training image, the oriented candidate of epoch `k − 1`
/// (`ThresholdSelection.oriented`), passed through EMS (`MetaStructureSampling`, drawn from the
/// stream `StreamName.metaStructureSampling(epoch:image:)` of the seed, so it is redrawn every
/// epoch) unless `ems` is off. The loss is DMI + soft IoU on the sigmoid outputs, per image and
/// averaged over the batch. During the epoch, the sigmoid map of every image's forward pass gives
/// its next candidate (`ThresholdSelection`, computed in the augmented frame and turned back).
/// After the epoch the oriented candidates are stored as `label` artifacts
/// `pseudo/epoch-<k>/<NNN>` (attached at once), then the test split is evaluated (`TestEvaluation`;
/// Dice at 0.5 and at the epoch's searched threshold are kept as `curve/dice` and
/// `curve/dice_searched`). Resuming after epoch `k` reads the candidates back from the
/// pseudo-labels of epoch `k`.
///
/// Orientation: DMI scores `|det|`, so it rewards a network anti-correlated with its labels as much
/// as a correlated one, and at the official weights it outweighs soft IoU by orders of magnitude
/// (its gradient scales with `1/|det|`). When the inversion rule flips a candidate, the network is
/// trained towards scoring the flipped label low, and a run settles in either state: a network
/// that scores the foreground and candidates kept as they are, or one that scores the background
/// and candidates all inverted. Under `IGTTSettings.ThresholdRule.oriented` the test scores are
/// therefore `1 − sigmoid` when more than half of the epoch's candidates were inverted; the share
/// inverted per epoch is kept (`curve/inverted`, the checkpoints' history `inverted`). Under
/// `IGTTSettings.ThresholdRule.intensity` (the default) they are `1 − sigmoid` when the epoch's
/// training maps correlate negatively with the training images' intensity; that correlation per
/// epoch is kept (`curve/intensity`, history `intensity`).
struct IGTTObjective: TrainingObjective {
    let settings: IGTTSettings
    let train: [TrainingExample]
    let test: [TrainingExample]
    /// Per epoch, test Dice at 0.5 and at the epoch's searched threshold.
    private var diceHistory: [Double] = []
    private var searchedHistory: [Double] = []
    /// Per epoch, the share of the candidates the inversion rule flipped.
    private var invertedHistory: [Double] = []
    /// Per epoch, the correlation of the training maps with the images' intensity.
    private var intensityHistory: [Double] = []
    /// Per training image, the oriented candidate of the last completed epoch (nil before epoch 1).
    private var candidates: [[UInt8]]?
    /// The epoch in progress: the next candidates (an image no batch reaches, a dropped remainder,
    /// keeps its previous one), how many were inverted, and the maps' correlation with intensity.
    private var next: [[UInt8]] = []
    private var inverted = 0
    private var intensity = PooledCorrelation()

    init(settings: IGTTSettings, train: [TrainingExample], test: [TrainingExample]) {
        self.settings = settings
        self.train = train
        self.test = test
    }

    /// The role of training image `index`'s pseudo-label of `epoch`.
    static func pseudoLabelRole(epoch: Int, index: Int, count: Int) -> String {
        "pseudo/epoch-\(epoch)/" + TestPredictions.paddedNumber(index, of: count)
    }

    var outputChannels: Int { 1 }

    var histories: [String: [Double]] {
        var result = ["dice": diceHistory, TestEvaluation.searchedDiceName: searchedHistory]
        switch settings.thresholdRule {
        case .oriented: result["inverted"] = invertedHistory
        case .intensity: result["intensity"] = intensityHistory
        case .sigmoid: break
        }
        return result
    }

    /// Whether the test scores are `1 − sigmoid`: under the oriented rule, when more than half of the
    /// last epoch's candidates were inverted; under the intensity rule, when the last epoch's maps
    /// correlated negatively with intensity.
    var scoresInverted: Bool {
        switch settings.thresholdRule {
        case .intensity: (intensityHistory.last ?? 0) < 0
        case .oriented: (invertedHistory.last ?? 0) > 0.5
        case .sigmoid: false
        }
    }

    mutating func restore(after epoch: Int, history: [String: [Double]], context: RunContext) throws {
        diceHistory = history["dice"] ?? []
        searchedHistory = history[TestEvaluation.searchedDiceName] ?? []
        invertedHistory = history["inverted"] ?? []
        intensityHistory = history["intensity"] ?? []
        guard diceHistory.count == epoch, searchedHistory.count == epoch,
            settings.thresholdRule != .oriented || invertedHistory.count == epoch,
            settings.thresholdRule != .intensity || intensityHistory.count == epoch
        else {
            throw RunError.invalidCheckpoint(
                reason:
                    "epoch \(epoch) with \(diceHistory.count) Dice, \(searchedHistory.count) searched Dice, "
                    + "\(invertedHistory.count) inversion and "
                    + "\(intensityHistory.count) intensity values")
        }
        var restored: [[UInt8]] = []
        for index in train.indices {
            let role = Self.pseudoLabelRole(epoch: epoch, index: index, count: train.count)
            guard let id = context.previous?.outputs[role] else {
                throw RunError.invalidCheckpoint(reason: "epoch \(epoch) left no \(role)")
            }
            let labels = try LabelMap(canonicalBytes: Array(context.store.get(id).bytes))
            guard labels.width == train[index].width, labels.height == train[index].height else {
                throw RunError.invalidCheckpoint(reason: "\(role) is \(labels.width)×\(labels.height)")
            }
            restored.append(labels.labels)
        }
        candidates = restored
    }

    mutating func startEpoch(_ epoch: Int, plan: EpochPlan) {
        next = candidates ?? train.map { [UInt8](repeating: 0, count: $0.height * $0.width) }
        inverted = 0
        intensity = PooledCorrelation()
    }

    /// The image with the labels epoch `epoch` trains it on (see the type's documentation).
    func example(_ index: Int, epoch: Int) -> TrainingExample {
        TrainingExample(train[index], labels: label(epoch: epoch, index: index))
    }

    /// The labels epoch `epoch` trains image `index` on.
    func label(epoch: Int, index: Int) -> [UInt8] {
        let example = train[index]
        guard let candidates else { return [UInt8](repeating: 0, count: example.height * example.width) }
        return settings.trainingLabel(
            candidate: Mask(width: example.width, height: example.height, pixels: candidates[index]),
            epoch: epoch, index: index, count: train.count
        ).pixels
    }

    mutating func loss(
        _ output: Variable, batch: TrainingBatch, positions: [Int], plan: EpochPlan, on tape: Tape
    ) -> Variable {
        let probabilities = tape.sigmoid(output)
        let loss = tape.add(
            tape.dmiLoss(probabilities, targets: batch.targets),
            tape.softIoULoss(probabilities, targets: batch.targets, power: settings.softIoU.power))
        observe(probabilities.value.scalars, images: batch.images.scalars, positions: positions, plan: plan)
        return loss
    }

    /// Keeps each image's next candidate from its sigmoid map `scores` (and, under the intensity
    /// rule, the maps' correlation with the images' brightness).
    private mutating func observe(
        _ scores: [Float], images pixels: [Float], positions: [Int], plan: EpochPlan
    ) {
        let (h, w) = (train[0].height, train[0].width)
        if settings.thresholdRule == .intensity {
            // Each map against its image's mean over channels, in the (augmented) input frame.
            let channels = train[0].channels
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
            for (target, source) in plan.transforms[position].sourceIndices(height: h, width: w).enumerated()
            {
                original[source] = selection.candidate[target]
            }
            let oriented = ThresholdSelection.oriented(original)
            if oriented != original { inverted += 1 }
            next[plan.order[position]] = oriented
        }
    }

    mutating func finishSteps(of epoch: Int, plan: EpochPlan, context: RunContext) throws {
        let (h, w) = (train[0].height, train[0].width)
        for (index, labels) in next.enumerated() {
            try context.checkpoint(
                role: Self.pseudoLabelRole(epoch: epoch, index: index, count: train.count),
                artifact: ProducedArtifact(
                    kind: .label, bytes: Data(LabelMap(width: w, height: h, labels: labels).canonicalBytes)))
        }
        candidates = next
        let reached = plan.batches.reduce(0) { $0 + $1.count }
        invertedHistory.append(Double(inverted) / Double(reached))
        if settings.thresholdRule == .intensity { intensityHistory.append(intensity.value) }
    }

    func evaluate(_ network: any UnaryLayer) throws -> TestEvaluation {
        try TestEvaluation(network: network, examples: test, invert: scoresInverted)
    }

    mutating func record(_ evaluation: TestEvaluation, in report: inout TrainingProgress) {
        diceHistory.append(evaluation.confusion.dice)
        searchedHistory.append(evaluation.search.confusion.dice)
        report.dice = evaluation.confusion.dice
    }

    func product(final: TestEvaluation) -> (artifacts: [String: ProducedArtifact], metrics: [String: Double])
    {
        var artifacts = [
            "curve/dice": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "dice", xLabel: "epoch", y: diceHistory).canonicalBytes)),
            "curve/\(TestEvaluation.searchedDiceName)": ProducedArtifact(
                kind: .curve,
                bytes: Data(
                    Curve(metric: TestEvaluation.searchedDiceName, xLabel: "epoch", y: searchedHistory)
                        .canonicalBytes)),
        ]
        var metrics = final.metrics()
        switch settings.thresholdRule {
        case .oriented:
            artifacts["curve/inverted"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "inverted", xLabel: "epoch", y: invertedHistory).canonicalBytes))
            metrics["scores_inverted"] = scoresInverted ? 1 : 0
        case .intensity:
            artifacts["curve/intensity"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: "intensity", xLabel: "epoch", y: intensityHistory).canonicalBytes))
            metrics["scores_inverted"] = scoresInverted ? 1 : 0
        case .sigmoid: break
        }
        artifacts.merge(TestPredictions.artifacts(final.scores, height: test[0].height, width: test[0].width))
        {
            _, new in new
        }
        return (artifacts, metrics)
    }
}
