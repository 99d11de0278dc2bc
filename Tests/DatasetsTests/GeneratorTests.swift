import Datasets
import Imaging
import RandomStreams
import Testing

@Suite struct GeneratorTests {
    static let small = SplitSizes(train: 2, val: 1, test: 2)

    @Test(arguments: SyntheticKind.allCases)
    func theSameSeedGivesTheSameSamplesAndAnotherSeedOthers(kind: SyntheticKind) throws {
        let first = try SynthesisRequest(kind: kind, imageSize: 48, sizes: Self.small, seed: 7).generate()
        let again = try SynthesisRequest(kind: kind, imageSize: 48, sizes: Self.small, seed: 7).generate()
        let other = try SynthesisRequest(kind: kind, imageSize: 48, sizes: Self.small, seed: 8).generate()
        #expect(first == again)
        #expect(first[.train][0].image != other[.train][0].image)
        #expect(first[.train][0].image != first[.train][1].image)
    }

    @Test(arguments: SyntheticKind.allCases)
    func splitsHaveTheRequestedSizesAndImagesTheRequestedSide(kind: SyntheticKind) throws {
        let sizes = SplitSizes(train: 3, val: 0, test: 1)
        let content = try SynthesisRequest(kind: kind, imageSize: 40, sizes: sizes, seed: 1).generate()
        #expect(content.sizes == sizes)
        for split in Split.allCases {
            for sample in content[split] {
                #expect(sample.image.width == 40 && sample.image.height == 40)
                #expect(sample.labels.width == 40 && sample.labels.height == 40)
            }
        }
    }

    @Test(arguments: [SyntheticKind.er, .mito, .nuc, .toy])
    func binaryKindsHaveBinaryMasksWithBothClasses(kind: SyntheticKind) throws {
        let content = try SynthesisRequest(
            kind: kind, imageSize: 64, sizes: SplitSizes(train: 2, val: 0, test: 0), seed: 3
        ).generate()
        #expect(content.task == .binary)
        for sample in content[.train] {
            let mask = try #require(sample.mask)
            #expect(mask.foregroundCount > 0)
            #expect(mask.foregroundCount < mask.pixels.count)
        }
    }

    @Test func microscopyImagesAreSixteenBit() throws {
        for kind in [SyntheticKind.er, .mito, .nuc] {
            let sample = try SynthesisRequest(
                kind: kind, imageSize: 32, sizes: SplitSizes(train: 1, val: 0, test: 0)
            ).generate()[.train][0]
            #expect(sample.image.bitDepth == .sixteen)
            #expect(sample.image.channels == 1)
            #expect((sample.image.samples.max() ?? 0) > 255)
        }
    }

    @Test func aTestSampleDoesNotDependOnTheTrainingCount() throws {
        let few = try SynthesisRequest(kind: .er, imageSize: 32, sizes: SplitSizes(train: 1, val: 0, test: 1))
            .generate()
        let more = try SynthesisRequest(
            kind: .er, imageSize: 32, sizes: SplitSizes(train: 3, val: 0, test: 1)
        )
        .generate()
        #expect(few[.test] == more[.test])
    }

    @Test func scenesHoldCityscapesNineteenClassesAndRGBImages() throws {
        let content = try SynthesisRequest(
            kind: .scenes, imageSize: 96, sizes: SplitSizes(train: 8, val: 0, test: 0), seed: 2
        ).generate()
        // Random flipping at p = 0.9 keeps the true class the likeliest label only for M > 10.
        #expect(content.task.classCount == 19)
        #expect(SceneGenerator.classNames.first == "road" && SceneGenerator.classNames.last == "bicycle")
        var seen = Set<UInt8>()
        var perImage: [Int] = []
        for sample in content[.train] {
            #expect(sample.image.channels == 3)
            let classes = Set(sample.labels.labels)
            perImage.append(classes.count)
            seen.formUnion(classes)
        }
        #expect(seen.allSatisfy { $0 < 19 })
        #expect(seen.count >= 16, "classes seen over 8 scenes: \(seen.sorted())")
        #expect(perImage.allSatisfy { $0 >= 8 }, "classes per scene: \(perImage)")
    }

    @Test func sceneBoundariesAreRaggedNotStraight() throws {
        // The horizon is warped: the first non-sky row differs between neighbouring columns
        // somewhere, which a straight or piecewise-linear boundary alone would rarely give
        // column by column.
        let sample = try SynthesisRequest(
            kind: .scenes, imageSize: 96, sizes: SplitSizes(train: 1, val: 0, test: 0), seed: 5
        ).generate()[.train][0]
        let labels = sample.labels
        let sky = UInt8(try #require(SceneGenerator.classNames.firstIndex(of: "sky")))
        let firstNonSky = (0..<labels.width).map { x in
            (0..<labels.height).first { labels[x, $0] != sky } ?? labels.height
        }
        let jumps = zip(firstNonSky, firstNonSky.dropFirst()).filter { $0 != $1 }.count
        #expect(jumps > 10)
    }

    @Test func theToyIsARectangleWithARoundHole() throws {
        let sample = try SynthesisRequest(kind: .toy).generate()[.train][0]
        let labels = sample.labels
        #expect(labels.width == 256 && labels.height == 256)
        #expect(labels[2, 2] == 0)
        #expect(labels[128, 128] == 0)
        #expect(labels[60, 128] == 1)
        #expect(labels[70, 80] == 1)
        let foreground = labels.labels.filter { $0 == 1 }.count
        // About 0.6·0.45·256² − π(0.15·256)² ≈ 13 060 pixels.
        #expect(abs(foreground - 13_060) < 1_500)
    }

    @Test func impossibleSizesAreRefusedWithTheirValue() {
        #expect(
            throws: DatasetsError.invalidSize(
                what: "image size", value: 8, reason: "must be 16...4096 pixels")
        ) {
            try SynthesisRequest(kind: .er, imageSize: 8).validate()
        }
        #expect(throws: DatasetsError.self) {
            try SynthesisRequest(kind: .er, sizes: SplitSizes(train: -1, val: 0, test: 0)).validate()
        }
        #expect(throws: DatasetsError.self) {
            try SynthesisRequest(kind: .er, sizes: SplitSizes(train: 0, val: 0, test: 0)).validate()
        }
    }
}
