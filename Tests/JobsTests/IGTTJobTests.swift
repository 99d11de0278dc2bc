import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Imaging
import Jobs
import RandomStreams
import Runs
import TestSupport
import Testing

/// iGTT as a run: pseudo-labels stored per epoch, cached, resumable after a failure.
@Suite struct IGTTJobTests {
    static let tiny = SynthesisRequest(
        kind: .er, imageSize: 32, sizes: SplitSizes(train: 4, val: 1, test: 2), seed: 5)

    static func settings(epochs: Int = 3, ems: Bool = true) throws -> IGTTSettings {
        var settings = IGTTSettings(
            network: try NetworkConfiguration(architecture: "unet", width: 2, depth: 2))
        settings.schedule.epochs = epochs
        settings.schedule.batch = 2
        settings.ems = ems
        settings.seed = 11
        return settings
    }

    static func storeWithDataset(_ directory: TemporaryDirectory, name: String) throws -> (Store, ContentID) {
        let store = try Store(path: directory.path(name))
        return (store, try DatasetJob(store: store).synthesize(tiny).manifestID)
    }

    struct Interrupted: Error {}

    @Test func aRunStoresPseudoLabelsCurvesAndPredictionsItsLossFallsAndItIsCached() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        var reports: [TrainingProgress] = []
        let outcome = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
            try Self.settings(), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(!outcome.cached)
        var expected = [
            "checkpoint", "curve/dice", "curve/dice_searched", "curve/intensity", "curve/loss",
            "prediction/test/000",
            "prediction/test/001",
        ]
        for epoch in 1...3 {
            expected += (0..<4).map { "pseudo/epoch-\(epoch)/00\($0)" }
        }
        #expect(outcome.outputs.keys.sorted() == expected.sorted())
        for name in ["dice", "iou", "accuracy", "auc"] {
            let value = try #require(outcome.metrics[name], "metric \(name)")
            #expect((0...1).contains(value), "\(name) = \(value)")
        }
        let label = try store.get(try #require(outcome.outputs["pseudo/epoch-2/003"]))
        #expect(label.kind == .label)
        let labels = try LabelMap(canonicalBytes: Array(label.bytes))
        #expect(labels.width == 32 && labels.height == 32)
        #expect(2 * labels.labels.reduce(0) { $0 + Int($1) } <= labels.labels.count, "the inversion rule")
        #expect(Set(labels.labels).isSubset(of: [0, 1]))

        // Epoch 1 trains on all-zero labels: DMI −log(0.001) plus soft IoU 1, whatever the network says.
        let losses = reports.filter { $0.dice == nil }.map(\.loss)
        #expect(losses.count == 6)
        for loss in losses.prefix(2) { #expect(abs(loss - (-log(0.001) + 1)) < 1e-4, "epoch 1 loss \(loss)") }
        #expect(losses.suffix(2).reduce(0, +) < losses.prefix(2).reduce(0, +), "losses \(losses)")
        let record = try #require(try store.run(outcome.id))
        #expect(record.kind == "igtt")
        #expect(record.params["ems"] == .text("true"))
        #expect(record.params["soft_iou"] == .text("paper"))
        #expect(try store.runs().contains { $0.id == outcome.id && $0.outputs.count == expected.count })

        let again = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
            try Self.settings(), dataset: dataset
        ) { _ in
            Issue.record("a cached run trains nothing")
        }
        #expect(again.cached)
        #expect(again.outputs == outcome.outputs)

        let withoutEMS = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
            try Self.settings(epochs: 2, ems: false), dataset: dataset)
        #expect(withoutEMS.id != outcome.id)
        #expect(try store.run(withoutEMS.id)?.params["ems"] == .text("false"))
    }

    @Test func aRunInterruptedAfterAnEpochResumesAndEndsWithTheUninterruptedOutputs() throws {
        let directory = try TemporaryDirectory()
        let (reference, dataset) = try Self.storeWithDataset(directory, name: "reference.sqlite")
        let uninterrupted = try IGTTJob(store: reference, checkpointCadence: .everyEpoch).run(
            try Self.settings(), dataset: dataset)

        let (store, _) = try Self.storeWithDataset(directory, name: "interrupted.sqlite")
        #expect(throws: Interrupted.self) {
            try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
                try Self.settings(), dataset: dataset
            ) { report in
                if report.epoch == 2 && report.dice != nil { throw Interrupted() }
            }
        }
        let failed = try #require(try store.run(uninterrupted.id))
        #expect(failed.status == .failed)
        #expect(failed.outputs["pseudo/epoch-2/001"] == uninterrupted.outputs["pseudo/epoch-2/001"])
        var reports: [TrainingProgress] = []
        let resumed = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
            try Self.settings(), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(reports.first?.epoch == 3, "the run restarts after the last checkpoint")
        #expect(resumed.outputs == uninterrupted.outputs)
        #expect(resumed.metrics == uninterrupted.metrics)
    }

    /// The f32 scores of a `prediction` artifact (after its 20-byte header).
    static func scores(_ outcome: RunOutcome, _ role: String, in store: Store) throws -> [Float] {
        let bytes = Array(try store.get(try #require(outcome.outputs[role])).bytes)
        return stride(from: 20, to: bytes.count, by: 4).map { offset in
            Float(
                bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
                    << 16
                    | UInt32(bytes[offset + 3]) << 24)
        }
    }

    /// DMI rewards anti-correlation as much as correlation, so a network can end up scoring the
    /// background of its own (inverted) pseudo-labels; the oriented rule then reads `1 − sigmoid`.
    /// The same seed under the raw rule trains identically, so its scores are the reference.
    @Test func theOrientedRuleInvertsTheScoresWhenMostCandidatesWereInverted() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        var seen: Set<Bool> = []
        for seed: Seed in [11, 12, 13, 14] {
            var oriented = try Self.settings(epochs: 2)
            oriented.seed = seed
            oriented.thresholdRule = .oriented
            var raw = oriented
            raw.thresholdRule = .sigmoid
            let a = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(oriented, dataset: dataset)
            let b = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(raw, dataset: dataset)
            #expect(a.id != b.id)
            #expect(a.outputs["pseudo/epoch-2/003"] == b.outputs["pseudo/epoch-2/003"], "same training")
            let curve = try store.get(try #require(a.outputs["curve/inverted"]))
            let shares = try Curve(canonicalBytes: Array(curve.bytes)).y
            #expect(shares.count == 2 && shares.allSatisfy { [0, 0.25, 0.5, 0.75, 1].contains($0) })
            let inverted = try #require(shares.last) > 0.5
            seen.insert(inverted)
            #expect(a.metrics["scores_inverted"] == (inverted ? 1 : 0))
            #expect(b.metrics["scores_inverted"] == nil && b.outputs["curve/inverted"] == nil)
            let mine = try Self.scores(a, "prediction/test/001", in: store)
            let reference = try Self.scores(b, "prediction/test/001", in: store)
            #expect(mine.count == 32 * 32 && reference.count == mine.count)
            #expect(mine == reference.map { inverted ? 1 - $0 : $0 }, "seed \(seed)")
            let (auc, rawAUC) = (try #require(a.metrics["auc"]), try #require(b.metrics["auc"]))
            // 1 − s in Float merges sigmoid values near 0 into ties, so the AUC moves a little.
            #expect(abs(auc - (inverted ? 1 - rawAUC : rawAUC)) < 0.02, "seed \(seed): \(auc) vs \(rawAUC)")
        }
        #expect(seen == [false, true], "the seeds should cover both orientations")
    }

    /// The default rule orients the scores by intensity: `1 − sigmoid` when the last epoch's training
    /// maps correlated negatively with the images. The raw rule with the same seed trains identically.
    @Test func theIntensityRuleInvertsTheScoresWhenTheMapsCorrelateNegativelyWithIntensity() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        var seen: Set<Bool> = []
        for seed: Seed in [11, 12, 13, 14] {
            var intensity = try Self.settings(epochs: 2)
            intensity.seed = seed
            #expect(intensity.thresholdRule == .intensity)
            var raw = intensity
            raw.thresholdRule = .sigmoid
            let a = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(intensity, dataset: dataset)
            let b = try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(raw, dataset: dataset)
            #expect(a.outputs["pseudo/epoch-2/003"] == b.outputs["pseudo/epoch-2/003"], "same training")
            let curve = try store.get(try #require(a.outputs["curve/intensity"]))
            let correlations = try Curve(canonicalBytes: Array(curve.bytes)).y
            #expect(correlations.count == 2 && correlations.allSatisfy { (-1...1).contains($0) && $0 != 0 })
            let inverted = try #require(correlations.last) < 0
            seen.insert(inverted)
            #expect(a.metrics["scores_inverted"] == (inverted ? 1 : 0))
            #expect(a.outputs["curve/inverted"] == nil && b.outputs["curve/intensity"] == nil)
            let mine = try Self.scores(a, "prediction/test/001", in: store)
            let reference = try Self.scores(b, "prediction/test/001", in: store)
            #expect(mine == reference.map { inverted ? 1 - $0 : $0 }, "seed \(seed)")
        }
        #expect(seen == [false, true], "the seeds should cover both orientations")
    }

    @Test func aSpecReadsBackIntoTheSameSettings() throws {
        var settings = try Self.settings()
        settings.softIoU = .official
        settings.emsFraction = 0.25
        settings.thresholdRule = .sigmoid
        let dataset = ContentID.run(canonicalSpec: "a dataset")
        let spec = settings.spec(dataset: dataset)
        #expect(try IGTTSettings(spec: spec) == settings)
        #expect(try IGTTSettings(spec: spec).spec(dataset: dataset).id == spec.id)
    }

    @Test func badSettingsAndSpecsAreRefusedBeforeAnythingIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        let before = try store.runs().count
        func refused(_ change: (inout IGTTSettings) -> Void, _ message: String) throws {
            var settings = try Self.settings()
            change(&settings)
            #expect {
                try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(settings, dataset: dataset)
            } throws: { error in
                "\(error)" == message
            }
        }
        try refused({ $0.schedule.epochs = -1 }, "invalid epochs: must be ≥ 1, got -1")
        try refused({ $0.emsFraction = 1.5 }, "invalid ems fraction: must be in [0, 1], got 1.5")
        try refused({ $0.thresholds = 2 }, "invalid thresholds: must be ≥ 3, got 2")
        try refused(
            { $0.schedule.batch = 5 },
            "invalid dataset: 'er' has 4 training images, fewer than the batch of 5")
        var spec = try Self.settings().spec(dataset: dataset)
        spec.params["colour"] = "red"
        #expect { try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(spec: spec) } throws: {
            error in
            "\(error)" == "invalid colour: not a parameter of igtt runs"
        }
        spec.params["colour"] = nil
        spec.params["threshold_rule"] = "otsu"
        #expect { try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(spec: spec) } throws: {
            error in
            "\(error)"
                == "invalid threshold_rule: 'otsu' is not one of intensity-sigmoid>0.5, oriented-sigmoid>0.5, sigmoid>0.5"
        }
        let scenes = try DatasetJob(store: store).synthesize(
            SynthesisRequest(
                kind: .scenes, imageSize: 32, sizes: SplitSizes(train: 2, val: 1, test: 1), seed: 1))
        #expect(throws: RunError.self) {
            try IGTTJob(store: store, checkpointCadence: .everyEpoch).run(
                try Self.settings(), dataset: scenes.manifestID)
        }
        #expect(try store.runs().count == before + 1, "only the scenes dataset was recorded")
    }
}
