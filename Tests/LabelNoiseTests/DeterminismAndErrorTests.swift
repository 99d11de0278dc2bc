import Imaging
import LabelNoise
import RandomStreams
import Testing

@Suite struct DeterminismAndErrorTests {
    static func randomRecipes() throws -> [NoiseRecipe] {
        [
            .sampling(try RandomSampling(p: 0.3)),
            .sampling(try RandomSampling(p: 0.3, unsampled: .background)),
            .flipping(try RandomFlipping(p: 0.2)),
            .generation(try RandomGeneration(p: 0.2)),
        ]
    }

    @Test func theSameInputsAndSeedGiveTheSameBytes() throws {
        let clean = LabelMap(mask: TestLabels.mask())
        for recipe in try Self.randomRecipes() {
            let first = try recipe.apply(to: clean, seed: 42).canonicalBytes
            let second = try recipe.apply(to: clean, seed: 42).canonicalBytes
            #expect(first == second, "\(recipe)")
        }
        let multi = TestLabels.multiClass(classes: 6)
        let flipping = NoiseRecipe.flipping(try RandomFlipping(p: 0.4, classes: 6))
        #expect(try flipping.apply(to: multi, seed: 1) == flipping.apply(to: multi, seed: 1))
    }

    @Test func differentSeedsGiveDifferentLabels() throws {
        let clean = LabelMap(mask: TestLabels.mask())
        for recipe in try Self.randomRecipes() {
            let labels = try (0..<4).map {
                try recipe.apply(to: clean, seed: Seed(integerLiteral: Int64($0)))
            }
            #expect(Set(labels.map(\.labels)).count == 4, "\(recipe)")
        }
        #expect(try !NoiseRecipe.morphology(MorphologicalNoise(steps: [.dilate])).isRandom)
    }

    @Test(arguments: [-0.1, 1.000001, Double.nan, Double.infinity, -Double.infinity])
    func probabilitiesOutsideZeroToOneAreRefused(p: Double) {
        let errors = [
            #expect(throws: LabelNoiseError.self) { try RandomSampling(p: p) },
            #expect(throws: LabelNoiseError.self) { try RandomFlipping(p: p) },
            #expect(throws: LabelNoiseError.self) { try RandomGeneration(p: p) },
        ]
        for error in errors {
            #expect(error?.isProbabilityError == true, "\(String(describing: error))")
        }
    }

    @Test func theBoundsZeroAndOneAreAccepted() throws {
        let clean = LabelMap(mask: TestLabels.mask())
        #expect(try NoiseRecipe.flipping(RandomFlipping(p: 0)).apply(to: clean, seed: 1) == clean)
        #expect(try NoiseRecipe.sampling(RandomSampling(p: 1)).apply(to: clean, seed: 1) == clean)
        let inverted = try NoiseRecipe.flipping(RandomFlipping(p: 1)).apply(to: clean, seed: 1)
        #expect(inverted.labels == clean.labels.map { 1 - $0 })
    }

    @Test func binaryGeneratorsRefuseOtherLabels() throws {
        var labels = LabelMap(mask: TestLabels.mask())
        labels.labels[17] = 2
        #expect(throws: LabelNoiseError.notBinary(value: 2)) {
            try NoiseRecipe.flipping(RandomFlipping(p: 0.1)).apply(to: labels, seed: 1)
        }
        #expect(throws: LabelNoiseError.notBinary(value: 2)) {
            try NoiseRecipe.morphology(MorphologicalNoise(steps: [.skeleton])).apply(to: labels, seed: 1)
        }
        labels.labels[17] = LabelMap.ignore
        #expect(throws: LabelNoiseError.notBinary(value: 255)) {
            try NoiseRecipe.morphology(MorphologicalNoise(steps: [.erode])).apply(to: labels, seed: 1)
        }
        #expect(throws: LabelNoiseError.labelOutOfRange(label: 4, classes: 4)) {
            try NoiseRecipe.flipping(RandomFlipping(p: 0.1, classes: 4)).apply(
                to: TestLabels.multiClass(classes: 5), seed: 1)
        }
    }

    @Test func badClassCountsAndEmptyRecipesAreRefused() {
        #expect(throws: LabelNoiseError.invalidClassCount(1)) { try RandomFlipping(p: 0.1, classes: 1) }
        #expect(throws: LabelNoiseError.invalidClassCount(256)) { try RandomFlipping(p: 0.1, classes: 256) }
        #expect(throws: LabelNoiseError.noMorphologySteps) { try MorphologicalNoise(steps: []) }
    }

    @Test func errorDescriptionsAreLowercaseAndNameTheValue() {
        let errors: [LabelNoiseError] = [
            .probabilityOutOfRange(name: "p", value: 1.5), .notBinary(value: 7),
            .labelOutOfRange(label: 9, classes: 3), .invalidClassCount(1),
            .sizeMismatch(cleanWidth: 4, cleanHeight: 5, noisyWidth: 6, noisyHeight: 7), .noMorphologySteps,
        ]
        for error in errors {
            let text = error.description
            #expect(text.first?.isLowercase == true, "\(text)")
        }
        #expect(errors[0].description.contains("1.5"))
        #expect(errors[1].description.contains("7"))
        #expect(errors[4].description.contains("4x5") && errors[4].description.contains("6x7"))
    }

    @Test func aMapWithOneForegroundLevelReadsAsAMaskForBinaryGenerators() throws {
        let level = LabelMap(width: 4, height: 1, labels: [0, 128, 128, 0])
        #expect(level.normalizedSingleForeground().labels == [0, 1, 1, 0])
        let twoLevels = LabelMap(width: 4, height: 1, labels: [0, 128, 3, 0])
        #expect(twoLevels.normalizedSingleForeground() == twoLevels)
        let withIgnore = LabelMap(width: 3, height: 1, labels: [0, 1, 255])
        #expect(withIgnore.normalizedSingleForeground() == withIgnore)
        #expect(try NoiseRecipe.morphology(MorphologicalNoise(steps: [.erode])).readsMasks)
        #expect(try NoiseRecipe.flipping(RandomFlipping(p: 0.1)).readsMasks)
        #expect(try !NoiseRecipe.flipping(RandomFlipping(p: 0.1, classes: 3)).readsMasks)
        #expect(try !NoiseRecipe.sampling(RandomSampling(p: 0.1)).readsMasks)
    }

    @Test func zeroTwoFiftyFiveMasksReadAsZeroOne() throws {
        let stored = LabelMap(width: 3, height: 1, labels: [0, 255, 255])
        #expect(stored.normalizedMaskValues().labels == [0, 1, 1])
        let withIgnore = LabelMap(width: 3, height: 1, labels: [0, 1, 255])
        #expect(withIgnore.normalizedMaskValues() == withIgnore)
        #expect(throws: LabelNoiseError.notBinary(value: 255)) { try withIgnore.binaryMask() }
        #expect(try stored.normalizedMaskValues().binaryMask().foregroundCount == 2)
    }
}

extension LabelNoiseError {
    fileprivate var isProbabilityError: Bool {
        if case .probabilityOutOfRange(let name, _) = self { return name == "p" }
        return false
    }
}
