import Evaluation
import Testing

@Suite("binary metrics pooled over images, against scikit-learn")
struct BinaryMetricTests {
    @Test func pooledCountsAndRatiosMatchTheReference() throws {
        let cases = try EvaluationCases.load()
        var confusion = BinaryConfusion()
        for image in cases.binary.images {
            try confusion.add(prediction: image.prediction, truth: image.truth)
        }
        let expected = cases.binary.pooled
        #expect(confusion.truePositives == expected.tp)
        #expect(confusion.falsePositives == expected.fp)
        #expect(confusion.falseNegatives == expected.fn)
        #expect(confusion.trueNegatives == expected.tn)
        #expect(abs(confusion.dice - expected.dice) < 1e-12)
        #expect(abs(confusion.iou - expected.iou) < 1e-12)
        #expect(abs(confusion.accuracy - expected.accuracy) < 1e-12)
    }

    @Test func poolingIsTheSumOfPerImageCounts() throws {
        let images = try EvaluationCases.load().binary.images
        let separate = try images.map { try BinaryConfusion(prediction: $0.prediction, truth: $0.truth) }
        let pooled = try BinaryConfusion(
            prediction: images.flatMap(\.prediction), truth: images.flatMap(\.truth))
        #expect(separate.reduce(BinaryConfusion(), +) == pooled)
    }

    @Test func ignoredPixelsAreExcludedAndCanBeCounted() throws {
        let truth: [UInt8] = [1, 0, 255, 1]
        let prediction: [UInt8] = [1, 1, 1, 0]
        let skipping = try BinaryConfusion(prediction: prediction, truth: truth)
        #expect(
            skipping
                == BinaryConfusion(truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 0))
        #expect(throws: EvaluationError.invalidLabel(what: "ground truth", value: 255, classes: 2)) {
            try BinaryConfusion(prediction: prediction, truth: truth, ignore: nil)
        }
    }

    @Test func handComputedDiceIoUAndAccuracyOnATinyCase() throws {
        // tp 2, fp 1, fn 1: dice 4/6, iou 2/4, accuracy 3/5.
        let confusion = try BinaryConfusion(prediction: [1, 1, 1, 0, 0], truth: [1, 1, 0, 1, 0])
        #expect(confusion.dice == 4.0 / 6.0)
        #expect(confusion.iou == 0.5)
        #expect(confusion.accuracy == 0.6)
    }

    @Test func mismatchedSizesThrow() {
        #expect(throws: EvaluationError.sizeMismatch(what: "prediction", expected: 3, got: 2)) {
            try BinaryConfusion(prediction: [0, 1], truth: [0, 1, 1])
        }
    }

    @Test func pooledROCAUCEqualsScikitLearnToOneInABillion() throws {
        let cases = try EvaluationCases.load()
        let images = cases.binary.images
        let auc = try ROCAUC.score(scores: images.flatMap(\.scores), truth: images.flatMap(\.truth))
        #expect(abs(auc - cases.binary.pooled.auc) < 1e-9)
    }

    @Test func perImageROCAUCEqualsScikitLearnWithHeavyTies() throws {
        let cases = try EvaluationCases.load()
        for (image, expected) in zip(cases.binary.images, cases.binary.perImageAuc) {
            #expect(Set(image.scores).count < image.scores.count / 4, "scores are heavily tied")
            let auc = try ROCAUC.score(scores: image.scores, truth: image.truth)
            #expect(abs(auc - expected) < 1e-9)
        }
    }

    @Test func allTiedScoresGiveOneHalfAndOneClassThrows() throws {
        #expect(try ROCAUC.score(scores: [0.3, 0.3, 0.3, 0.3], truth: [0, 1, 1, 0]) == 0.5)
        #expect(try ROCAUC.score(scores: [0.1, 0.4, 0.35, 0.8], truth: [0, 0, 1, 1]) == 0.75)
        #expect(throws: EvaluationError.singleClass(positives: 2, negatives: 0)) {
            try ROCAUC.score(scores: [0.1, 0.2, 0.3], truth: [1, 1, 255])
        }
    }

    @Test func theIoUMaximisingThresholdMatchesABruteForceSearch() throws {
        let cases = try EvaluationCases.load()
        let images = cases.binary.images
        let search = try ThresholdSearch(scores: images.flatMap(\.scores), truth: images.flatMap(\.truth))
        #expect(search.threshold == cases.binary.pooled.bestThreshold)
        #expect(abs(search.iou - cases.binary.pooled.bestIou) < 1e-12)
        #expect(search.iou >= cases.binary.pooled.iou, "at least as good as the fixed 0.5 rule")
        #expect(search.confusion.iou == search.iou)
    }

    @Test func withoutPositivesTheSearchPredictsNothingAsTheHalfRuleCan() throws {
        // Scores all below 0.5 on an empty truth: the 0.5 rule predicts nothing (Dice 1 by
        // BinaryConfusion's empty-union rule), and the search must not do worse.
        let search = try ThresholdSearch(scores: [0.2, 0.4, 0.1, 0.3], truth: [0, 0, 255, 0])
        #expect(search.iou == 1)
        #expect(search.threshold == 0.4.nextUp)
        #expect(
            search.confusion
                == BinaryConfusion(truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 3))
        #expect(search.confusion.dice == 1)
        // One positive: the usual search, here the highest score alone.
        let one = try ThresholdSearch(scores: [0.2, 0.4, 0.1, 0.3], truth: [0, 1, 0, 0])
        #expect(one.threshold == 0.4 && one.iou == 1)
    }
}
