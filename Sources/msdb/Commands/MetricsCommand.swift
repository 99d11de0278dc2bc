import ArgumentParser
import Evaluation
import Imaging

/// `msdb metrics --pred PRED --gt GT`: Dice, IoU, accuracy and counts of one prediction, or the
/// confusion matrix and mIoU of a multi-class one.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Score a predicted mask (or label map) against its ground truth.",
        discussion: """
            Binary (default). No threshold is applied: PRED must already be binary (0 = background, \
            its one other value = foreground; anything else is refused). GT holds 0/1 labels with 255 \
            ignored (excluded from every count), or is a 0/v mask such as the official 0/255 PNGs, \
            in which case nothing is ignored. --score adds the ROC AUC of the score image's samples \
            (any gray image; ties count half, as scikit-learn) over the same pixels. \
            JSON: {"dice", "iou", "accuracy", "tp", "fp", "fn", "tn"} plus "auc" with --score.

            Multi-class (--classes N): PRED and GT are label maps with values below N; GT pixels equal \
            to 255 are ignored. mIoU is over the classes present in GT or PRED; an absent class has \
            per-class IoU null. "confusion" is N rows (ground truth) of N columns (prediction). \
            JSON: {"confusion", "per_class_iou", "miou", "accuracy"}.
            """
    )

    @Option(help: "The prediction: a binary mask, or a label map with --classes.")
    var pred: String

    @Option(help: "The ground truth: 0/1 with 255 ignored, or a 0/255 mask; a label map with --classes.")
    var gt: String

    @Option(help: "A gray score image for the ROC AUC (binary only).")
    var score: String?

    @Option(help: "Evaluate N classes (labels 0..<N) instead of a binary mask.")
    var classes: Int?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if let classes {
            guard (2...255).contains(classes) else {
                throw ValidationError("--classes must be between 2 and 255, got \(classes)")
            }
            guard score == nil else {
                throw ValidationError("--score applies to binary metrics, not --classes")
            }
        }
    }

    func run() throws {
        if let classes {
            try runMultiClass(classes: classes)
        } else {
            try runBinary()
        }
    }

    private func runBinary() throws {
        let truth = try PrimitiveFiles.reading(gt) { try LabelMap(binaryTruth: ImageFile.read(path: $0)) }
        let prediction = try PrimitiveFiles.mask(pred)
        try PrimitiveFiles.requireSameSize(
            pred, width: prediction.width, height: prediction.height, as: gt, referenceWidth: truth.width,
            referenceHeight: truth.height)
        let counts = try BinaryConfusion(prediction: prediction.pixels, truth: truth.labels)
        guard counts.total > 0 else {
            throw CLIError("'\(gt)': every pixel is ignored (255), so there is nothing to score")
        }
        var auc: Double?
        if let score {
            let scores = try PrimitiveFiles.image(score)
            try PrimitiveFiles.requireSameSize(
                score, width: scores.width, height: scores.height, as: gt, referenceWidth: truth.width,
                referenceHeight: truth.height)
            guard scores.channels == 1, scores.palette == nil else {
                throw CLIError(
                    "'\(score)': scores need a single-channel gray image, got \(scores.channels) channel(s)")
            }
            auc = try PrimitiveFiles.reading(gt) { _ in
                try ROCAUC.score(scores: scores.plane().values, truth: truth.labels)
            }
        }
        if json {
            try CommandOutput.printJSON(BinaryMetricsJSON(counts, auc: auc))
            return
        }
        let f = CommandOutput.number
        print(
            "dice \(f(counts.dice))  iou \(f(counts.iou))  accuracy \(f(counts.accuracy))"
                + (auc.map { "  auc \(f($0))" } ?? "")
                + "  (tp \(counts.truePositives) fp \(counts.falsePositives) fn \(counts.falseNegatives) "
                + "tn \(counts.trueNegatives); \(truth.labels.count - counts.total) ignored pixels)")
    }

    private func runMultiClass(classes: Int) throws {
        let truth = try PrimitiveFiles.reading(gt) { try ImageFile.readLabels(path: $0) }
        let prediction = try PrimitiveFiles.reading(pred) { try ImageFile.readLabels(path: $0) }
        try PrimitiveFiles.requireSameSize(
            pred, width: prediction.width, height: prediction.height, as: gt, referenceWidth: truth.width,
            referenceHeight: truth.height)
        let matrix: ConfusionMatrix
        do {
            matrix = try ConfusionMatrix(classes: classes, prediction: prediction.labels, truth: truth.labels)
        } catch EvaluationError.invalidLabel(let what, let value, let classes) {
            throw CLIError(
                "'\(what == "prediction" ? pred : gt)' holds label \(value), outside 0..<\(classes)"
                    + (what == "prediction" ? "" : " and not the ignore label 255"))
        }
        guard matrix.total > 0 else {
            throw CLIError("'\(gt)': every pixel is ignored (255), so there is nothing to score")
        }
        if json {
            try CommandOutput.printJSON(MultiClassMetricsJSON(matrix))
            return
        }
        let perClass = matrix.perClassIoU.enumerated().map { index, iou in
            "\(index): " + (iou.map(CommandOutput.number) ?? "absent")
        }
        print(
            "miou \(CommandOutput.number(matrix.meanIoU))  accuracy \(CommandOutput.number(matrix.accuracy))"
                + "  per-class iou [\(perClass.joined(separator: ", "))]")
    }
}

/// The binary metrics as `msdb metrics --json` prints them (the CommandLine article).
struct BinaryMetricsJSON: Encodable {
    let dice: Double
    let iou: Double
    let accuracy: Double
    let tp: Int
    let fp: Int
    let fn: Int
    let tn: Int
    let auc: Double?

    init(_ counts: BinaryConfusion, auc: Double?) {
        dice = counts.dice
        iou = counts.iou
        accuracy = counts.accuracy
        tp = counts.truePositives
        fp = counts.falsePositives
        fn = counts.falseNegatives
        tn = counts.trueNegatives
        self.auc = auc
    }
}

/// The multi-class metrics as `msdb metrics --classes N --json` prints them; absent classes have
/// a `null` IoU.
struct MultiClassMetricsJSON: Encodable {
    let confusion: [[Int]]
    let perClassIoU: [Double?]
    let miou: Double
    let accuracy: Double

    init(_ matrix: ConfusionMatrix) {
        confusion = (0..<matrix.classes).map { truth in
            (0..<matrix.classes).map { matrix[truth, $0] }
        }
        perClassIoU = matrix.perClassIoU
        miou = matrix.meanIoU
        accuracy = matrix.accuracy
    }

    enum CodingKeys: String, CodingKey {
        case confusion, miou, accuracy
        case perClassIoU = "per_class_iou"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(confusion, forKey: .confusion)
        var list = container.nestedUnkeyedContainer(forKey: .perClassIoU)
        for iou in perClassIoU {
            if let iou { try list.encode(iou) } else { try list.encodeNil() }
        }
        try container.encode(miou, forKey: .miou)
        try container.encode(accuracy, forKey: .accuracy)
    }
}
