/// A multi-class confusion matrix pooled over pixels, with per-class IoU, mIoU and accuracy.
///
/// Layout: `counts[truth * classes + prediction]` (rows are ground truth, as scikit-learn's
/// `confusion_matrix`). Ground-truth pixels equal to the ignore label are skipped.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    public let classes: Int
    public private(set) var counts: [Int]

    public init(classes: Int) {
        precondition(classes >= 1 && classes <= 255, "classes must be 1...255, got \(classes)")
        self.classes = classes
        self.counts = [Int](repeating: 0, count: classes * classes)
    }

    /// Counts one image; labels and predictions must be below `classes` (or the ignore label in truth).
    public init(classes: Int, prediction: [UInt8], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws {
        self.init(classes: classes)
        try add(prediction: prediction, truth: truth, ignore: ignore)
    }

    /// Adds one more image's pixels.
    public mutating func add(prediction: [UInt8], truth: [UInt8], ignore: UInt8? = ignoreLabel) throws {
        guard prediction.count == truth.count else {
            throw EvaluationError.sizeMismatch(
                what: "prediction", expected: truth.count, got: prediction.count)
        }
        var local = counts
        for index in 0..<truth.count {
            let label = truth[index]
            if let ignore, label == ignore { continue }
            let predicted = prediction[index]
            guard Int(label) < classes else {
                throw EvaluationError.invalidLabel(what: "ground truth", value: Int(label), classes: classes)
            }
            guard Int(predicted) < classes else {
                throw EvaluationError.invalidLabel(
                    what: "prediction", value: Int(predicted), classes: classes)
            }
            local[Int(label) * classes + Int(predicted)] += 1
        }
        counts = local
    }

    private enum CodingKeys: String, CodingKey {
        case classes
        case counts
    }

    /// Decodes a matrix, refusing one whose counts do not fill `classes × classes` cells.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let classes = try container.decode(Int.self, forKey: .classes)
        let counts = try container.decode([Int].self, forKey: .counts)
        guard (1...255).contains(classes), counts.count == classes * classes, counts.allSatisfy({ $0 >= 0 })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .counts, in: container,
                debugDescription:
                    "\(counts.count) counts for \(classes) classes (need \(classes * classes), none negative)"
            )
        }
        self.classes = classes
        self.counts = counts
    }

    /// The count of pixels of true class `truth` predicted as `prediction`.
    public subscript(truth: Int, prediction: Int) -> Int { counts[truth * classes + prediction] }

    /// All counted pixels.
    public var total: Int { counts.reduce(0, +) }

    /// IoU per class, TP / (TP + FP + FN); nil for a class absent from both truth and prediction.
    public var perClassIoU: [Double?] {
        (0..<classes).map { c in
            let hit = self[c, c]
            var row = 0
            var column = 0
            for other in 0..<classes {
                row += self[c, other]
                column += self[other, c]
            }
            let union = row + column - hit
            return union == 0 ? nil : Double(hit) / Double(union)
        }
    }

    /// Mean IoU over the classes present (in truth or prediction); 0 when no class is present.
    public var meanIoU: Double {
        let present = perClassIoU.compactMap { $0 }
        return present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
    }

    /// Pixel accuracy: the diagonal over all counted pixels; 0 when nothing was counted.
    public var accuracy: Double {
        let total = self.total
        guard total > 0 else { return 0 }
        return Double((0..<classes).reduce(0) { $0 + self[$1, $1] }) / Double(total)
    }
}
