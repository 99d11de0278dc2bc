import Foundation
import Imaging
import Jobs
import NumericCore
import RandomStreams
import Runs
import Testing

/// iGTT's label steps on small hand-checked inputs.
@Suite struct IGTTSelectionTests {
    @Test func theDMIScoreChoosesTheThresholdWithTheLargestDeterminant() {
        // P = (0, 1/8, 1/4, 1/2, 3/4, 1), K = 5: t = (0, 1/4, 1/2, 3/4, 1), scored for k = 1…3.
        // n = 6, ΣP = 21/8. det_k = n·Σ_{S_k} p − ΣP·|S_k|:
        //   k = 1 (P > 1/4 → {1/2, 3/4, 1}): 6·9/4 − 21/8·3 = 5.625
        //   k = 2 (P > 1/2 → {3/4, 1}):       6·7/4 − 21/8·2 = 5.25
        //   k = 3 (P > 3/4 → {1}):            6·1   − 21/8   = 3.375
        // The score −log(|det| + 0.001) is lowest for k = 1.
        let selection = ThresholdSelection(probabilities: [0, 0.125, 0.25, 0.5, 0.75, 1], thresholdCount: 5)
        #expect(selection.index == 1)
        #expect(selection.threshold == 0.25)
        #expect(selection.candidate == [0, 0, 0, 1, 1, 1])
        let expected = [5.625, 5.25, 3.375].map { -log($0 + 0.001) }
        #expect(selection.scores.count == 3)
        for (score, value) in zip(selection.scores, expected) {
            #expect(abs(score - value) < 1e-12, "\(score) vs \(value)")
        }
    }

    /// With unnormalised counts, `det(S_t) = n·Σ_{p > t} (p − p̄)`, which grows while `t` is below the
    /// map's mean `p̄` and shrinks above it: the DMI choice is the grid threshold next to the mean, so
    /// the candidate holds every pixel the network scores above its average (why iGTT's labels on a
    /// blurry map are much larger than a thin foreground).
    @Test func theChosenThresholdIsTheGridNeighbourOfTheMapsMean() {
        var stream = RandomStream(seed: 3, stream: "maps")
        for map in 0..<20 {
            // Skewed maps: a few high scores over a low background, as on a sparse foreground.
            let probabilities = (0..<400).map { _ in
                stream.nextBool(probability: 0.1) ? 0.6 + 0.4 * stream.nextFloat() : 0.3 * stream.nextFloat()
            }
            let selection = ThresholdSelection(probabilities: probabilities, thresholdCount: 30)
            let mean = probabilities.reduce(0.0) { $0 + Double($1) } / 400
            let (low, high) = (Double(probabilities.min() ?? 0), Double(probabilities.max() ?? 0))
            let step = (high - low) / 29
            let below = low + step * Double(selection.index - 1)
            let above = low + step * Double(selection.index + 1)
            #expect(
                below <= mean + 1e-12 && mean <= above + 1e-12,
                "map \(map): mean \(mean), t \(selection.threshold)")
        }
    }

    @Test func equalScoresGoToTheFirstThreshold() {
        // K = 5 on (0, 0.25, 0.75, 1): t = 0.25 and 0.5 give the same mask {0.75, 1}.
        let selection = ThresholdSelection(probabilities: [0, 0.25, 0.75, 1], thresholdCount: 5)
        #expect(selection.scores[0] == selection.scores[1])
        #expect(selection.index == 1)
    }

    @Test func aMostlyForegroundCandidateIsInvertedAndAHalfOneIsNot() {
        #expect(ThresholdSelection.oriented([1, 1, 1, 0]) == [0, 0, 0, 1])
        #expect(ThresholdSelection.oriented([1, 1, 0, 0]) == [1, 1, 0, 0])
        #expect(ThresholdSelection.oriented([0, 1, 0, 0]) == [0, 1, 0, 0])
    }

    @Test func emsKeepsTheCeilingOfPTimesTheSkeletonPixels() {
        let sampling = MetaStructureSampling(radius: 1, fraction: 0.1)
        #expect(sampling.keptCount(of: 0) == 0)
        #expect(sampling.keptCount(of: 10) == 1)
        #expect(sampling.keptCount(of: 25) == 3)
        #expect(sampling.keptCount(of: 31) == 4)
        #expect(MetaStructureSampling(radius: 1, fraction: 1).keptCount(of: 7) == 7)
    }

    /// A 9×9 mask with a one-pixel line along the top row from x = 0 to 8: its own skeleton.
    static let topLine = Mask(width: 9, height: 9, pixels: (0..<81).map { $0 < 9 ? 1 : 0 })

    @Test func emsWithoutShiftAndWithEverythingKeptGivesTheSkeleton() {
        let skeleton = Self.topLine.skeletonized()
        #expect(skeleton.foregroundCount >= 7, "the line's skeleton keeps (almost) all of it")
        var stream = RandomStream(seed: 1, stream: "ems")
        #expect(MetaStructureSampling(radius: 0, fraction: 1).apply(Self.topLine, using: &stream) == skeleton)
    }

    @Test func emsShiftsStayWithinTheRadiusAndInsideTheImage() {
        let skeleton = Self.topLine.skeletonized()
        let count = skeleton.foregroundCount
        var sizes = Set<Int>()
        for seed in 0..<40 {
            var stream = RandomStream(seed: UInt64(seed), stream: "ems")
            let everything = MetaStructureSampling(radius: 1, fraction: 1).apply(Self.topLine, using: &stream)
            // Clipped at the top edge, shifted at most one row down.
            for (index, value) in everything.pixels.enumerated() where value == 1 {
                let (y, x) = (index / 9, index % 9)
                #expect(y <= 1, "pixel at row \(y)")
                let near = (max(0, x - 1)...min(8, x + 1)).contains { skeleton.pixels[$0] == 1 }
                #expect(near, "pixel (\(x), \(y)) is more than one column from the skeleton")
            }
            #expect(everything.foregroundCount <= count)
            var sparse = RandomStream(seed: UInt64(seed), stream: "ems")
            let kept = MetaStructureSampling(radius: 1, fraction: 0.1).apply(Self.topLine, using: &sparse)
            sizes.insert(kept.foregroundCount)
        }
        // ⌈0.1·N⌉ = 1 pixel for a skeleton of 7…9 pixels.
        #expect(sizes == [1])
    }

    @Test func theEMSLabelIsRedrawnEachEpochAndReproducibleFromTheSeed() throws {
        var mask = Mask(width: 32, height: 32)
        for x in 2..<30 {
            mask.pixels[16 * 32 + x] = 1
            mask.pixels[x * 32 + 10] = 1
        }
        var settings = IGTTSettings()
        settings.seed = 3
        let second = settings.trainingLabel(candidate: mask, epoch: 2, index: 0, count: 4)
        let again = settings.trainingLabel(candidate: mask, epoch: 2, index: 0, count: 4)
        let third = settings.trainingLabel(candidate: mask, epoch: 3, index: 0, count: 4)
        let otherImage = settings.trainingLabel(candidate: mask, epoch: 2, index: 1, count: 4)
        #expect(second == again)
        #expect(second != third)
        #expect(second != otherImage)
        #expect(second.foregroundCount > 0)
        settings.seed = 4
        #expect(settings.trainingLabel(candidate: mask, epoch: 2, index: 0, count: 4) != second)
        settings.ems = false
        #expect(settings.trainingLabel(candidate: mask, epoch: 2, index: 0, count: 4) == mask)
    }
}
