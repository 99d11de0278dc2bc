/// The area under the ROC curve of per-pixel scores against binary ground truth, equal to
/// scikit-learn's `roc_auc_score` (ties between scores count half, as its trapezoidal curve does).
///
/// Computed as the Mann–Whitney statistic: with pixels ranked by score (ties given their average
/// rank), AUC = (sum of positive ranks − P(P + 1)/2) / (P · N). Ranks are multiples of ½, so the
/// sums are exact in double precision for any realistic pixel count.
public enum ROCAUC {
    /// The AUC of `scores` against `truth` (0/1, ignore label skipped; nil ignores nothing).
    public static func score(scores: [Double], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws -> Double
    {
        guard scores.count == truth.count else {
            throw EvaluationError.sizeMismatch(what: "scores", expected: truth.count, got: scores.count)
        }
        var pairs: [(score: Double, positive: Bool)] = []
        pairs.reserveCapacity(scores.count)
        for index in 0..<truth.count {
            let label = truth[index]
            if let ignore, label == ignore { continue }
            guard label <= 1 else {
                throw EvaluationError.invalidLabel(what: "ground truth", value: Int(label), classes: 2)
            }
            guard scores[index].isFinite else { throw EvaluationError.nonFiniteScore(index: index) }
            pairs.append((scores[index], label == 1))
        }
        let positives = pairs.reduce(0) { $0 + ($1.positive ? 1 : 0) }
        let negatives = pairs.count - positives
        guard positives > 0, negatives > 0 else {
            throw EvaluationError.singleClass(positives: positives, negatives: negatives)
        }
        pairs.sort { $0.score < $1.score }
        var positiveRankSum = 0.0
        var start = 0
        while start < pairs.count {
            var end = start
            while end + 1 < pairs.count && pairs[end + 1].score == pairs[start].score { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for index in start...end where pairs[index].positive {
                positiveRankSum += averageRank
            }
            start = end + 1
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
