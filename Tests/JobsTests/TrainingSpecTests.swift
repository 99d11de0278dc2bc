import ArtifactStore
import CanonicalJSON
import Jobs
import LabelNoise
import RandomStreams
import Runs
import Testing

/// `TrainingSettings(spec:)` reads back what `spec(dataset:labels:)` writes, and nothing else.
@Suite struct TrainingSpecTests {
    static let dataset = ContentID.blob(kind: .dataset, bytes: Array("manifest".utf8))
    static let labelSet = ContentID.blob(kind: .labelSet, bytes: Array("labels".utf8))

    static func settings(_ architecture: String, _ labels: LabelSource) throws -> TrainingSettings {
        var settings = TrainingSettings(
            network: try NetworkConfiguration(architecture: architecture, width: 3))
        settings.schedule.epochs = 7
        settings.schedule.batch = 4
        settings.schedule.learningRate = 0.01
        settings.schedule.momentum = 0.5
        settings.schedule.weightDecay = 0
        settings.schedule.learningRateStep = 3
        settings.schedule.learningRateFactor = 0.5
        settings.seed = 11
        settings.labels = labels
        return settings
    }

    static let cases: [(String, LabelSource)] = [
        ("unet", .clean), ("unet", .sampling(p: 0.1, variant: .ignore)),
        ("deeplabv3plus", .sampling(p: 0.5, variant: .background)), ("deeplabv3plus", .flipping(p: 0.45)),
        ("unet", .generation(p: 0.1)), ("unet", .morphology(.skeleton)), ("deeplabv3", .flipping(p: 0.9)),
        ("deeplabv3", .clean),
    ]

    @Test(arguments: cases)
    func aSpecReadsBackToTheSettingsThatWroteIt(architecture: String, labels: LabelSource) throws {
        let settings = try Self.settings(architecture, labels)
        let spec = settings.spec(dataset: Self.dataset, labels: labels == .clean ? nil : Self.labelSet)
        #expect(try TrainingSettings(spec: spec) == settings)
        // Through the canonical text too, as a stored spec is read.
        let parsed = try JSONParser.parse(Array(spec.canonicalText.utf8))
        var reread = spec
        reread.params = try #require(
            parsed["params"].flatMap { value -> [String: JSONValue]? in
                guard case .object(let members) = value else { return nil }
                return members
            })
        #expect(try TrainingSettings(spec: reread) == settings)
    }

    @Test(arguments: ["unet", "deeplabv3"])
    func perChannelZScoringIsWrittenAndReadBackWhileTheWholeImageRuleLeavesNoKey(architecture: String)
        throws
    {
        var settings = try Self.settings(architecture, .clean)
        #expect(settings.normalization == .image)
        #expect(settings.parameters["normalization"] == nil)
        settings.normalization = .channel
        let spec = settings.spec(dataset: Self.dataset)
        #expect(spec.params["normalization"] == "channel")
        #expect(try TrainingSettings(spec: spec) == settings)
        var stated = spec
        stated.params["normalization"] = "image"
        #expect(throws: RunError.self, "the whole-image rule is stated by leaving the key out") {
            try TrainingSettings(spec: stated)
        }
    }

    @Test func theCleanParametersAreTheOnesEarlierRunsWereRecordedWith() throws {
        let settings = try Self.settings("unet", .clean)
        #expect(settings.parameters["labels"] == "cl")
        #expect(settings.parameters["ratio"] == nil)
        #expect(settings.parameters["variant"] == nil)
        #expect(settings.parameters["threshold_rule"] == "sigmoid>0.5")
        #expect(settings.spec(dataset: Self.dataset).inputs == ["dataset": Self.dataset])
        let multiclass = try Self.settings("deeplabv3", .clean)
        #expect(multiclass.parameters["threshold_rule"] == "argmax")
        #expect(multiclass.parameters["decoder_channels"] == nil)
    }

    @Test(arguments: [
        ("colour", JSONValue.string("red"), "invalid colour: not a parameter of train runs"),
        ("ratio", JSONValue.number(1.5), "invalid ratio: must be in [0.0, 1.0], got 1.5"),
        ("labels", JSONValue.string("noisy"), "invalid labels: 'noisy' is not one of cl, rs, rf, rl"),
        ("variant", JSONValue.string("ignore"), "invalid variant: only rs labels have a variant"),
        ("epochs", JSONValue.integer(0), "invalid epochs: must be in 1…, got 0"),
        ("threshold_rule", JSONValue.string("argmax"), "invalid threshold_rule: unet runs use 'sigmoid>0.5'"),
        ("output_stride", JSONValue.integer(4), "invalid output_stride: not a parameter of train runs"),
    ])
    func aSpecWithAnUnknownOrImpossibleParameterIsRefused(name: String, value: JSONValue, message: String)
        throws
    {
        var spec = try Self.settings("unet", .flipping(p: 0.3)).spec(
            dataset: Self.dataset, labels: Self.labelSet)
        spec.params[name] = value
        #expect {
            try TrainingSettings(spec: spec)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func aNoisySpecWithoutItsRatioOrSeedIsRefused() throws {
        var spec = try Self.settings("unet", .generation(p: 0.2)).spec(
            dataset: Self.dataset, labels: Self.labelSet)
        spec.params["ratio"] = nil
        #expect(throws: RunError.invalidParameter(name: "p", reason: "rl labels need a noise probability")) {
            try TrainingSettings(spec: spec)
        }
        var unseeded = try Self.settings("unet", .clean).spec(dataset: Self.dataset)
        unseeded.seed = nil
        #expect(throws: RunError.self) { try TrainingSettings(spec: unseeded) }
        var other = unseeded
        other.kind = .igtt
        #expect(throws: RunError.invalidSpec(field: "kind", reason: "'igtt' is not a train spec")) {
            try TrainingSettings(spec: other)
        }
    }

    @Test func labelSeedsDependOnTheRunSeedAndTheImageOnly() {
        let seeds = (0..<4).map { LabelSource.labelSeed(run: 7, trainIndex: $0) }
        #expect(Set(seeds).count == 4)
        #expect(seeds.allSatisfy { $0 >= 0 })
        #expect(seeds == (0..<4).map { LabelSource.labelSeed(run: 7, trainIndex: $0) })
        #expect(LabelSource.labelSeed(run: 8, trainIndex: 0) != seeds[0])
    }

    @Test func badLabelNamesAndRatiosAreRefused() {
        #expect(throws: RunError.invalidParameter(name: "p", reason: "must be in [0, 1], got 1.5")) {
            try LabelSource(name: "rs", ratio: 1.5)
        }
        #expect(
            throws: RunError.invalidParameter(
                name: "p", reason: "cl labels take no noise probability, got 0.1")
        ) {
            try LabelSource(name: "cl", ratio: 0.1)
        }
        #expect(throws: RunError.self) { try LabelSource(name: "pcl") }
        #expect(throws: RunError.self) { try LabelSource(name: "rs", ratio: 0.1, variant: "drop") }
    }
}
