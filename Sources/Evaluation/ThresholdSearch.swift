/// The score threshold that maximises IoU, searched over the scores themselves.
///
/// Rule: a pixel is predicted positive when `score >= threshold`; every distinct score is a
/// candidate; the best IoU wins and, among equal IoUs, the highest threshold. Report this rule
/// with every number that uses it. Pixels without a positive (an empty ground truth) are best
/// served by predicting nothing, IoU 1 as `BinaryConfusion` counts an empty union: the threshold is
/// then the next value above the highest score, so that no pixel reaches it.
public struct ThresholdSearch: Sendable, Equatable {
    /// The chosen threshold (a score value).
    public let threshold: Double
    /// The IoU at that threshold.
    public let iou: Double
    /// The pooled counts at that threshold.
    public let confusion: BinaryConfusion

    /// Searches `scores` against `truth` (0/1, ignore label skipped).
    public init(scores: [Double], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws {
        guard scores.count == truth.count else {
            throw EvaluationError.sizeMismatch(what: "scores", expected: truth.count, got: scores.count)
        }
        var pairs: [(score: Double, positive: Bool)] = []
        for index in 0..<truth.count {
            let label = truth[index]
            if let ignore, label == ignore { continue }
            guard label <= 1 else {
                throw EvaluationError.invalidLabel(what: "ground truth", value: Int(label), classes: 2)
            }
            guard scores[index].isFinite else { throw EvaluationError.nonFiniteScore(index: index) }
            pairs.append((scores[index], label == 1))
        }
        guard !pairs.isEmpty else { throw EvaluationError.noPixels }
        let positives = pairs.reduce(0) { $0 + ($1.positive ? 1 : 0) }
        let negatives = pairs.count - positives
        guard positives > 0 else {
            let highest = pairs.map(\.score).max() ?? 0
            threshold = highest.nextUp
            iou = 1
            confusion = BinaryConfusion(
                truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: negatives)
            return
        }
        pairs.sort { $0.score > $1.score }
        var best = (threshold: pairs[0].score, iou: -1.0, tp: 0, fp: 0)
        var tp = 0
        var fp = 0
        var start = 0
        while start < pairs.count {
            var end = start
            while end < pairs.count && pairs[end].score == pairs[start].score {
                if pairs[end].positive { tp += 1 } else { fp += 1 }
                end += 1
            }
            let union = positives + fp
            let iou = union == 0 ? 1 : Double(tp) / Double(union)
            if iou > best.iou { best = (pairs[start].score, iou, tp, fp) }
            start = end
        }
        threshold = best.threshold
        iou = best.iou
        confusion = BinaryConfusion(
            truePositives: best.tp, falsePositives: best.fp, falseNegatives: positives - best.tp,
            trueNegatives: negatives - best.fp)
    }
}
