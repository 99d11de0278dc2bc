/// Pixel counts of a binary segmentation against its ground truth, pooled over any number of
/// images, and the metrics derived from them.
///
/// Predictions are 0/1; ground truth is 0/1 or the ignore label, whose pixels are skipped.
public struct BinaryConfusion: Sendable, Equatable, Codable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    public var trueNegatives: Int

    public init(
        truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, trueNegatives: Int = 0
    ) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// Counts one image (or pooled pixels). `ignore` (default 255) in `truth` excludes a pixel;
    /// pass nil to count every pixel.
    public init(prediction: [UInt8], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws {
        self.init()
        try add(prediction: prediction, truth: truth, ignore: ignore)
    }

    /// Adds one more image's pixels to the pooled counts.
    public mutating func add(prediction: [UInt8], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws {
        guard prediction.count == truth.count else {
            throw EvaluationError.sizeMismatch(
                what: "prediction", expected: truth.count, got: prediction.count)
        }
        var tp = 0
        var fp = 0
        var fn = 0
        var tn = 0
        for index in 0..<truth.count {
            let label = truth[index]
            if let ignore, label == ignore { continue }
            let predicted = prediction[index]
            guard predicted <= 1 else {
                throw EvaluationError.invalidLabel(what: "prediction", value: Int(predicted), classes: 2)
            }
            guard label <= 1 else {
                throw EvaluationError.invalidLabel(what: "ground truth", value: Int(label), classes: 2)
            }
            switch (label, predicted) {
            case (1, 1): tp += 1
            case (0, 1): fp += 1
            case (1, 0): fn += 1
            default: tn += 1
            }
        }
        truePositives += tp
        falsePositives += fp
        falseNegatives += fn
        trueNegatives += tn
    }

    /// The counts of two pools together.
    public static func + (lhs: BinaryConfusion, rhs: BinaryConfusion) -> BinaryConfusion {
        BinaryConfusion(
            truePositives: lhs.truePositives + rhs.truePositives,
            falsePositives: lhs.falsePositives + rhs.falsePositives,
            falseNegatives: lhs.falseNegatives + rhs.falseNegatives,
            trueNegatives: lhs.trueNegatives + rhs.trueNegatives)
    }

    /// All counted pixels.
    public var total: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    /// Dice = 2TP / (2TP + FP + FN); 1 when neither prediction nor truth has a positive pixel.
    public var dice: Double {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator == 0 ? 1 : Double(2 * truePositives) / Double(denominator)
    }

    /// IoU (Jaccard) = TP / (TP + FP + FN); 1 when neither has a positive pixel.
    public var iou: Double {
        let denominator = truePositives + falsePositives + falseNegatives
        return denominator == 0 ? 1 : Double(truePositives) / Double(denominator)
    }

    /// Accuracy = (TP + TN) / all counted pixels; 0 when nothing was counted.
    public var accuracy: Double {
        total == 0 ? 0 : Double(truePositives + trueNegatives) / Double(total)
    }
}
