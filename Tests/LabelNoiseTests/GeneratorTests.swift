import Imaging
import LabelNoise
import RandomStreams
import Testing

@Suite struct GeneratorTests {
    static let fractions = [0.0, 0.1, 0.3, 0.45, 0.5, 0.9, 1.0]

    @Test(arguments: fractions)
    func samplingKeepsExactlyTheCeilingOfEachClassAndIgnoresTheRest(p: Double) throws {
        let clean = TestLabels.multiClass(classes: 4)
        let noisy = try NoiseRecipe.sampling(RandomSampling(p: p)).apply(to: clean, seed: 7)
        let before = TestLabels.histogram(clean.labels)
        let after = TestLabels.histogram(noisy.labels)
        for label in 0..<4 {
            #expect(after[label] == NoiseCount.kept(fraction: p, of: before[label]), "class \(label)")
        }
        #expect(after[255] == clean.labels.count - (0..<4).reduce(0) { $0 + after[$1] })
        for (truth, observed) in zip(clean.labels, noisy.labels) {
            #expect(observed == truth || observed == LabelMap.ignore)
        }
    }

    /// The same counts in integer arithmetic, independent of `NoiseCount`: ⌈a·N/b⌉ kept, ⌊a·N/b⌋ flipped.
    @Test(arguments: [(3, 10), (7, 10), (1, 3), (49, 100)])
    func countsAreTheIntegerCeilingForSamplingAndFloorForFlipping(numerator: Int, denominator: Int) throws {
        let p = Double(numerator) / Double(denominator)
        let clean = TestLabels.multiClass(classes: 3)
        let before = TestLabels.histogram(clean.labels)
        let sampled = TestLabels.histogram(
            try NoiseRecipe.sampling(RandomSampling(p: p)).apply(to: clean, seed: 12).labels)
        let flipped = try NoiseRecipe.flipping(RandomFlipping(p: p, classes: 3)).apply(to: clean, seed: 12)
        for label in 0..<3 {
            let count = before[label]
            #expect(sampled[label] == (numerator * count + denominator - 1) / denominator, "class \(label)")
            let changed = zip(clean.labels, flipped.labels).filter { $0 == UInt8(label) && $1 != $0 }.count
            #expect(changed == numerator * count / denominator, "class \(label)")
        }
    }

    @Test(arguments: fractions)
    func samplingWithTheOfficialVariantLeavesBackgroundAndKeepsTheForegroundCount(p: Double) throws {
        let clean = LabelMap(mask: TestLabels.mask())
        let noisy = try NoiseRecipe.sampling(RandomSampling(p: p, unsampled: .background)).apply(
            to: clean, seed: 3)
        #expect(
            noisy.labelledForegroundCount == NoiseCount.kept(fraction: p, of: clean.labelledForegroundCount))
        #expect(noisy.ignoredPixelCount == 0)
        for (truth, observed) in zip(clean.labels, noisy.labels) {
            #expect(observed <= truth)
        }
    }

    @Test func samplingLeavesIgnoredPixelsIgnoredAndOutOfEveryCount() throws {
        var clean = LabelMap(mask: TestLabels.mask())
        for index in stride(from: 0, to: clean.labels.count, by: 5) { clean.labels[index] = LabelMap.ignore }
        let foreground = clean.labelledForegroundCount
        let background = TestLabels.histogram(clean.labels)[0]
        let noisy = try NoiseRecipe.sampling(RandomSampling(p: 0.3)).apply(to: clean, seed: 1)
        for index in stride(from: 0, to: clean.labels.count, by: 5) {
            #expect(noisy.labels[index] == LabelMap.ignore)
        }
        let after = TestLabels.histogram(noisy.labels)
        #expect(after[1] == NoiseCount.kept(fraction: 0.3, of: foreground))
        #expect(after[0] == NoiseCount.kept(fraction: 0.3, of: background))
    }

    @Test(arguments: fractions)
    func binaryFlippingFlipsExactlyTheFloorOfEachSide(p: Double) throws {
        let clean = LabelMap(mask: TestLabels.mask())
        let noisy = try NoiseRecipe.flipping(RandomFlipping(p: p)).apply(to: clean, seed: 11)
        var foregroundToBackground = 0
        var backgroundToForeground = 0
        for (truth, observed) in zip(clean.labels, noisy.labels) {
            #expect(observed <= 1)
            if truth == 1 && observed == 0 { foregroundToBackground += 1 }
            if truth == 0 && observed == 1 { backgroundToForeground += 1 }
        }
        let foreground = clean.labelledForegroundCount
        let background = clean.labels.count - foreground
        #expect(foregroundToBackground == NoiseCount.flipped(fraction: p, of: foreground))
        #expect(backgroundToForeground == NoiseCount.flipped(fraction: p, of: background))
    }

    @Test(arguments: [0.1, 0.5, 0.9])
    func multiClassFlippingMovesTheFloorOfEachClassToOtherClassesOnly(p: Double) throws {
        let classes = 5
        let clean = TestLabels.multiClass(classes: classes)
        let noisy = try NoiseRecipe.flipping(RandomFlipping(p: p, classes: classes)).apply(to: clean, seed: 5)
        let before = TestLabels.histogram(clean.labels)
        var changed = [Int](repeating: 0, count: classes)
        var destinations = Set<[Int]>()
        for (truth, observed) in zip(clean.labels, noisy.labels) {
            #expect(Int(observed) < classes)
            if truth != observed {
                changed[Int(truth)] += 1
                destinations.insert([Int(truth), Int(observed)])
            }
        }
        for label in 0..<classes {
            #expect(changed[label] == NoiseCount.flipped(fraction: p, of: before[label]), "class \(label)")
        }
        // With dozens of flips per class, every (class, other class) pair occurs.
        #expect(destinations.count == classes * (classes - 1))
    }

    @Test func multiClassFlippingDrawsOtherClassesUniformly() throws {
        let width = 300
        let clean = LabelMap(width: width, height: 100, labels: [UInt8](repeating: 2, count: width * 100))
        let noisy = try NoiseRecipe.flipping(RandomFlipping(p: 1, classes: 4)).apply(to: clean, seed: 9)
        let counts = TestLabels.histogram(noisy.labels)
        #expect(counts[2] == 0)
        // 30 000 draws over 3 classes: each count is 10 000 ± 82 (one sd); allow 5 sd.
        for label in [0, 1, 3] {
            #expect(abs(counts[label] - 10_000) < 410, "class \(label): \(counts[label])")
        }
    }

    @Test(arguments: [0.0, 0.1, 0.3, 0.5, 1.0])
    func generationIsForegroundWithProbabilityP(p: Double) throws {
        let clean = LabelMap(mask: TestLabels.mask(width: 200, height: 150))
        let noisy = try NoiseRecipe.generation(RandomGeneration(p: p)).apply(to: clean, seed: 2)
        let count = Double(noisy.labelledForegroundCount)
        let pixels = Double(clean.labels.count)
        #expect(abs(count - p * pixels) <= 5 * (pixels * p * (1 - p)).squareRoot())
        #expect(noisy.labels.allSatisfy { $0 <= 1 })
    }

    @Test func generationUsesNothingOfTheCleanLabelButItsSize() throws {
        let recipe = try NoiseRecipe.generation(RandomGeneration(p: 0.3))
        let mask = LabelMap(mask: TestLabels.mask())
        let empty = LabelMap(
            width: mask.width, height: mask.height, labels: [UInt8](repeating: 0, count: mask.labels.count))
        let full = LabelMap(
            width: mask.width, height: mask.height, labels: [UInt8](repeating: 1, count: mask.labels.count))
        let fromMask = try recipe.apply(to: mask, seed: 4)
        #expect(try recipe.apply(to: empty, seed: 4) == fromMask)
        #expect(try recipe.apply(to: full, seed: 4) == fromMask)
        #expect(try recipe.apply(to: TestLabels.multiClass(width: 48, height: 40), seed: 4) == fromMask)
    }

    @Test func generationMatchesTheNoiseStreamDrawForDraw() throws {
        var stream = RandomStream(seed: 8, stream: "noise")
        let expected = (0..<(12 * 9)).map { _ -> UInt8 in stream.nextDouble() < 0.4 ? 1 : 0 }
        let noisy = try NoiseRecipe.generation(RandomGeneration(p: 0.4))
            .apply(to: LabelMap(mask: Mask(width: 12, height: 9)), seed: 8)
        #expect(noisy.labels == expected)
    }

    @Test func morphologyAppliesImagingsOperatorsInOrder() throws {
        let mask = TestLabels.mask()
        let clean = LabelMap(mask: mask)
        let cases: [([MorphologicalNoise.Step], Mask)] = [
            ([.dilate], mask.dilated()),
            ([.erode], mask.eroded()),
            ([.skeleton], mask.skeletonized()),
            ([.dilate, .dilate, .erode], mask.dilated(iterations: 2).eroded()),
            ([.erode, .skeleton], mask.eroded().skeletonized()),
        ]
        for (steps, expected) in cases {
            let noisy = try NoiseRecipe.morphology(MorphologicalNoise(steps: steps)).apply(to: clean, seed: 0)
            #expect(noisy == LabelMap(mask: expected), "\(steps)")
        }
        #expect(mask.dilated() != mask && mask.eroded() != mask && mask.skeletonized() != mask)
    }
}
