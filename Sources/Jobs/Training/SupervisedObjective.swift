internal import ArtifactStore
internal import Evaluation
internal import Foundation
internal import Imaging
internal import NeuralNets
internal import Runs

/// Supervised training in the epoch loop (`EpochTrainer`): every epoch trains on the examples' own
/// labels, minimising BCE on logits with ignored pixels (255) masked out (binary networks) or
/// cross-entropy over the classes with the ignore label 255 (multi-class), and evaluates the test
/// split (`TestEvaluation` or `MulticlassEvaluation`).
///
/// Per-epoch series: the test score under `dice` or `miou`; a binary network also keeps Dice at
/// that epoch's searched threshold (`dice_searched`, the official trainer's per-epoch rule).
/// Outputs: `curve/dice` or `curve/miou`, `curve/dice_searched` (binary), `prediction/test/<NNN>`
/// (sigmoid probabilities, or the argmax class maps as `label` artifacts), `confusion`
/// (multi-class).
struct SupervisedObjective: TrainingObjective {
    let train: [TrainingExample]
    let test: [TrainingExample]
    /// The class names of a multi-class set; nil for a binary set.
    let classNames: [String]?
    /// The test score per epoch: Dice, or mIoU for a multi-class set.
    private var scoreHistory: [Double] = []
    /// Per epoch, Dice at the threshold that maximises that epoch's pooled test IoU (binary only).
    private var searchedHistory: [Double] = []

    init(train: [TrainingExample], test: [TrainingExample], classNames: [String]?) {
        self.train = train
        self.test = test
        self.classNames = classNames
    }

    /// The curve and history name of the per-epoch test score.
    private var scoreName: String { classNames == nil ? "dice" : "miou" }

    var outputChannels: Int { classNames?.count ?? 1 }

    var histories: [String: [Double]] {
        var result = [scoreName: scoreHistory]
        if classNames == nil { result[TestEvaluation.searchedDiceName] = searchedHistory }
        return result
    }

    mutating func restore(after epoch: Int, history: [String: [Double]], context: RunContext) throws {
        scoreHistory = history[scoreName] ?? []
        searchedHistory = history[TestEvaluation.searchedDiceName] ?? []
        guard scoreHistory.count == epoch else {
            throw RunError.invalidCheckpoint(
                reason: "epoch \(epoch) with \(scoreHistory.count) \(scoreName) values")
        }
        guard classNames != nil || searchedHistory.count == epoch else {
            throw RunError.invalidCheckpoint(
                reason:
                    "epoch \(epoch) with \(searchedHistory.count) \(TestEvaluation.searchedDiceName) values")
        }
    }

    func startEpoch(_ epoch: Int, plan: EpochPlan) {}

    func example(_ index: Int, epoch: Int) -> TrainingExample { train[index] }

    func loss(_ output: Variable, batch: TrainingBatch, positions: [Int], plan: EpochPlan, on tape: Tape)
        -> Variable
    {
        classNames == nil
            ? tape.binaryCrossEntropyWithLogits(output, targets: batch.targets, mask: batch.masks)
            : tape.crossEntropy(output, labels: batch.classes, ignoreIndex: Int32(LabelMap.ignore))
    }

    func finishSteps(of epoch: Int, plan: EpochPlan, context: RunContext) throws {}

    func evaluate(_ network: any UnaryLayer) throws -> SplitEvaluation {
        guard let classNames else { return .binary(try TestEvaluation(network: network, examples: test)) }
        return .multiclass(
            try MulticlassEvaluation(network: network, examples: test, classes: classNames.count), classNames)
    }

    mutating func record(_ evaluation: SplitEvaluation, in report: inout TrainingProgress) {
        scoreHistory.append(evaluation.score)
        switch evaluation {
        case .binary(let binary):
            searchedHistory.append(binary.search.confusion.dice)
            report.dice = evaluation.score
        case .multiclass:
            report.miou = evaluation.score
        }
    }

    func product(final: SplitEvaluation) -> (artifacts: [String: ProducedArtifact], metrics: [String: Double])
    {
        var artifacts = [
            "curve/\(scoreName)": ProducedArtifact(
                kind: .curve,
                bytes: Data(Curve(metric: scoreName, xLabel: "epoch", y: scoreHistory).canonicalBytes))
        ]
        switch final {
        case .binary(let binary):
            artifacts["curve/\(TestEvaluation.searchedDiceName)"] = ProducedArtifact(
                kind: .curve,
                bytes: Data(
                    Curve(metric: TestEvaluation.searchedDiceName, xLabel: "epoch", y: searchedHistory)
                        .canonicalBytes))
            artifacts.merge(
                TestPredictions.artifacts(
                    binary.scores, height: test[0].height, width: test[0].width)
            ) { _, new in new }
            return (artifacts, binary.metrics())
        case .multiclass(let multiclass, let names):
            for (index, (example, map)) in zip(test, multiclass.predictions).enumerated() {
                let labels = LabelMap(width: example.width, height: example.height, labels: map)
                artifacts[TestPredictions.role(index, of: test.count)] = ProducedArtifact(
                    kind: .label, bytes: Data(labels.canonicalBytes))
            }
            artifacts["confusion"] = ProducedArtifact(
                kind: .confusion, bytes: Data(multiclass.confusionBytes(classNames: names)))
            return (artifacts, multiclass.metrics(classNames: names))
        }
    }
}
