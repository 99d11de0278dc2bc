internal import Evaluation
internal import Runs

/// One epoch's test evaluation, binary or multi-class.
enum SplitEvaluation {
    case binary(TestEvaluation)
    case multiclass(MulticlassEvaluation, [String])

    /// The per-epoch score: Dice (sigmoid > 0.5) or mIoU.
    var score: Double {
        switch self {
        case .binary(let evaluation): evaluation.confusion.dice
        case .multiclass(let evaluation, _): evaluation.confusion.meanIoU
        }
    }
}
