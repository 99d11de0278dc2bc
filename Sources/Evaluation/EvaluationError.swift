/// What can be wrong with the inputs of a metric.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two per-pixel arrays that must align have different lengths.
    case sizeMismatch(what: String, expected: Int, got: Int)
    /// A label or prediction outside the classes being evaluated (and not the ignore label).
    case invalidLabel(what: String, value: Int, classes: Int)
    /// Every pixel is ignored, so there is nothing to measure.
    case noPixels
    /// ROC AUC needs both positive and negative ground-truth pixels.
    case singleClass(positives: Int, negatives: Int)
    /// A score is NaN or infinite.
    case nonFiniteScore(index: Int)

    public var description: String {
        switch self {
        case .sizeMismatch(let what, let expected, let got):
            return "\(what) has \(got) pixels, expected \(expected)"
        case .invalidLabel(let what, let value, let classes):
            return "\(what) holds label \(value), outside 0..<\(classes) and not the ignore label"
        case .noPixels:
            return "no pixels to evaluate (all are ignored or the input is empty)"
        case .singleClass(let positives, let negatives):
            return
                "roc auc needs positive and negative pixels, got \(positives) positive and \(negatives) negative"
        case .nonFiniteScore(let index):
            return "score at pixel \(index) is not finite"
        }
    }
}

/// The label that marks pixels excluded from every metric, as in the Imaging module: 255.
public let ignoreLabel: UInt8 = 255
