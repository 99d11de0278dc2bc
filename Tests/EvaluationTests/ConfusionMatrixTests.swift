import Evaluation
import Foundation
import Testing

@Suite("multi-class confusion matrix and mIoU, against scikit-learn")
struct ConfusionMatrixTests {
    @Test func countsPerClassIoUAndMeanIoUMatchTheReference() throws {
        let reference = try EvaluationCases.load().multiclass
        let matrix = try ConfusionMatrix(
            classes: reference.classes, prediction: reference.prediction, truth: reference.truth)
        #expect(matrix.counts == reference.confusion)
        #expect(matrix.perClassIoU.count == reference.perClassIou.count)
        for (got, expected) in zip(matrix.perClassIoU, reference.perClassIou) {
            #expect((got == nil) == (expected == nil))
            if let got, let expected { #expect(abs(got - expected) < 1e-12) }
        }
        #expect(matrix.perClassIoU.last == .some(nil), "the absent class has no IoU")
        #expect(abs(matrix.meanIoU - reference.miou) < 1e-12)
        #expect(abs(matrix.accuracy - reference.accuracy) < 1e-12)
    }

    @Test func labelsOutsideTheClassesThrow() {
        #expect(throws: EvaluationError.invalidLabel(what: "prediction", value: 3, classes: 3)) {
            try ConfusionMatrix(classes: 3, prediction: [0, 3], truth: [0, 1])
        }
    }

    @Test func rowsAreTruthAndColumnsArePrediction() throws {
        let matrix = try ConfusionMatrix(classes: 2, prediction: [1, 1, 0], truth: [0, 1, 255])
        #expect(matrix[0, 1] == 1)
        #expect(matrix[1, 1] == 1)
        #expect(matrix[1, 0] == 0)
        #expect(matrix.total == 2)
    }
}

@Suite("confusion matrices in JSON")
struct ConfusionMatrixCodingTests {
    @Test func aMatrixRoundTripsThroughJSONAndAMalformedOneIsRefused() throws {
        let matrix = try ConfusionMatrix(classes: 3, prediction: [0, 1, 2, 2], truth: [0, 2, 2, 1])
        let data = try JSONEncoder().encode(matrix)
        #expect(try JSONDecoder().decode(ConfusionMatrix.self, from: data) == matrix)
        let malformed = Data(#"{"classes": 3, "counts": [1, 2, 3]}"#.utf8)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ConfusionMatrix.self, from: malformed)
        }
    }
}
