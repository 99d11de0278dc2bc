internal import CanonicalJSON
internal import Evaluation
internal import Imaging
internal import NeuralNets
internal import NumericCore
internal import Runs

/// A multi-class network on the test split: per image the class map (argmax of the logits over the
/// class channels, the lowest class on ties; evaluation-mode batch norm, one image at a time), and
/// the confusion matrix pooled over the test pixels (rows the clean label, columns the prediction;
/// pixels labelled 255 are skipped).
///
/// Metrics: `miou` (mean IoU over the classes present in the label or the prediction, the
/// PaperMethods article, "Metrics"), `accuracy` (pixel accuracy), and `iou/<class name>` for each present class.
struct MulticlassEvaluation {
    /// Per test image, `H·W` class ids.
    let predictions: [[UInt8]]
    let confusion: ConfusionMatrix

    init(network: any UnaryLayer, examples: [TrainingExample], classes: Int) throws {
        var predictions: [[UInt8]] = []
        var confusion = ConfusionMatrix(classes: classes)
        let weights = InferenceWeights()
        for example in examples {
            // As `TestEvaluation`: an inference tape, with folded weights derived once per pass.
            let tape = Tape.inference(reusing: weights)
            let input = Tensor(
                shape: [1, example.channels, example.height, example.width], scalars: example.image)
            let logits = network(tape.constant(input), on: tape).value.scalars
            let pixels = example.height * example.width
            precondition(
                logits.count == classes * pixels,
                "MulticlassEvaluation: \(logits.count) logits for \(classes) classes")
            var map = [UInt8](repeating: 0, count: pixels)
            for pixel in 0..<pixels {
                var best = 0
                for channel in 1..<classes
                where logits[channel * pixels + pixel] > logits[best * pixels + pixel] {
                    best = channel
                }
                map[pixel] = UInt8(best)
            }
            try confusion.add(prediction: map, truth: example.labels)
            predictions.append(map)
        }
        self.predictions = predictions
        self.confusion = confusion
    }

    /// `miou`, `accuracy` and `iou/<name>` (see the type's documentation).
    func metrics(classNames: [String]) -> [String: Double] {
        var result = ["miou": confusion.meanIoU, "accuracy": confusion.accuracy]
        for (name, iou) in zip(classNames, confusion.perClassIoU) {
            if let iou { result["iou/" + name] = iou }
        }
        return result
    }

    /// The `confusion` artifact: canonical JSON `{"classes": [names], "counts": [[…], …]}`, row `t`
    /// column `p` the test pixels of clean class `t` predicted as `p`.
    func confusionBytes(classNames: [String]) -> [UInt8] {
        let n = confusion.classes
        let rows = (0..<n).map { t in JSONValue.array((0..<n).map { p in .integer(Int64(confusion[t, p])) }) }
        return JSONValue.object([
            "classes": .array(classNames.map(JSONValue.string)), "counts": .array(rows),
        ]).canonicalBytes
    }
}
