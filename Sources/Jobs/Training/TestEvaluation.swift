internal import Evaluation
internal import NeuralNets
internal import NumericCore
internal import Runs

/// The network on the test split: per image the sigmoid probabilities (evaluation-mode batch norm,
/// one image at a time, on an inference tape), and the pooled metrics.
///
/// Threshold rule for `dice`, `iou`, `accuracy`: foreground where sigmoid > 0.5
/// (`TrainingSettings.thresholdRule`). `auc` is the ROC AUC of the probabilities;
/// `iou_searched`, `dice_searched` and `threshold_searched` are `ThresholdSearch`'s (foreground where
/// probability ≥ the threshold that maximises pooled IoU, the official evaluation's rule; Dice there
/// is 2·IoU/(1 + IoU)). Ignored pixels (255) are skipped.
/// With `invert` every score is `1 − sigmoid` instead (an iGTT network that scores the background,
/// `IGTTSettings.orientedThresholdRule`); the metrics and the kept scores are then those of the
/// inverted map.
public struct TestEvaluation {
    /// Per test image, `H·W` probabilities.
    let scores: [[Float]]
    /// The name of Dice at the searched threshold, as a metric, a curve (`curve/<name>`) and a
    /// checkpoint history (`PaperResults.searchedDiceMetric` is the same name).
    public static let searchedDiceName = "dice_searched"

    /// Pooled counts at sigmoid > 0.5.
    let confusion: BinaryConfusion
    /// The pooled scores against the truth, and the IoU-maximising threshold over them.
    private let pooledScores: [Double]
    private let truth: [UInt8]
    let search: ThresholdSearch

    init(network: any UnaryLayer, examples: [TrainingExample], invert: Bool = false) throws {
        var scores: [[Float]] = []
        var confusion = BinaryConfusion()
        let weights = InferenceWeights()
        for example in examples {
            // No gradient tape: activations are freed as the forward pass goes.
            let tape = Tape.inference(reusing: weights)
            let input = Tensor(
                shape: [1, example.channels, example.height, example.width], scalars: example.image)
            let sigmoid = Activation.sigmoid(network(tape.constant(input), on: tape).value).scalars
            let probabilities = invert ? sigmoid.map { 1 - $0 } : sigmoid
            try confusion.add(prediction: probabilities.map { $0 > 0.5 ? 1 : 0 }, truth: example.labels)
            scores.append(probabilities)
        }
        self.scores = scores
        self.confusion = confusion
        pooledScores = scores.flatMap { $0.map(Double.init) }
        truth = examples.flatMap(\.labels)
        search = try ThresholdSearch(scores: pooledScores, truth: truth)
    }

    /// `dice`, `iou`, `accuracy`, `auc`, `iou_searched`, `dice_searched`, `threshold_searched` over
    /// the pooled pixels.
    func metrics() -> [String: Double] {
        var result: [String: Double] = [
            "dice": confusion.dice, "iou": confusion.iou, "accuracy": confusion.accuracy,
            "iou_searched": search.iou, Self.searchedDiceName: search.confusion.dice,
            "threshold_searched": search.threshold,
        ]
        // AUC needs both classes among the test pixels; a set without one has no AUC.
        result["auc"] = try? ROCAUC.score(scores: pooledScores, truth: truth)
        return result
    }
}
