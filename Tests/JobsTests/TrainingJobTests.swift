import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Jobs
import NumericCore
import RandomStreams
import Runs
import TestSupport
import Testing

/// Supervised training as a run: cached, deterministic, resumable after a failure.
@Suite struct TrainingJobTests {
    static let tiny = SynthesisRequest(
        kind: .er, imageSize: 64, sizes: SplitSizes(train: 4, val: 1, test: 2), seed: 3)

    static func settings(epochs: Int = 3) throws -> TrainingSettings {
        var settings = TrainingSettings(
            network: try NetworkConfiguration(architecture: "unet", width: 2, depth: 2))
        settings.schedule.epochs = epochs
        settings.schedule.batch = 2
        settings.seed = 7
        return settings
    }

    /// A fresh store holding the tiny dataset, and the dataset's id.
    static func storeWithDataset(_ directory: TemporaryDirectory, name: String) throws -> (Store, ContentID) {
        let store = try Store(path: directory.path(name))
        return (store, try DatasetJob(store: store).synthesize(tiny).manifestID)
    }

    struct Interrupted: Error {}

    @Test func trainingRecordsCurvesPredictionsCheckpointsAndMetricsAndIsCached() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        var reports: [TrainingProgress] = []
        let outcome = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(!outcome.cached)
        #expect(
            outcome.outputs.keys.sorted() == [
                "checkpoint", "curve/dice", "curve/dice_searched", "curve/loss", "prediction/test/000",
                "prediction/test/001",
            ])
        let final = try Checkpoint(
            canonicalBytes: Array(store.get(try #require(outcome.outputs["checkpoint"])).bytes))
        #expect(final.epoch == 3)
        for name in ["dice", "iou", "accuracy", "auc", "iou_searched", "dice_searched"] {
            let value = try #require(outcome.metrics[name], "metric \(name)")
            #expect((0...1).contains(value), "\(name) = \(value)")
        }
        // Two steps per epoch (4 images, batch 2), then the epoch's Dice.
        #expect(reports.map(\.step) == [1, 2, 2, 1, 2, 2, 1, 2, 2])
        #expect(reports.compactMap(\.dice).count == 3)

        let diceCurve = try JSONParser.parse(
            Array(store.get(try #require(outcome.outputs["curve/dice"])).bytes))
        #expect(diceCurve["metric"] == "dice")
        #expect(diceCurve["x"] == [1, 2, 3])
        #expect(diceCurve["y"]?.arrayValue?.last?.doubleValue == outcome.metrics["dice"])
        #expect(diceCurve["y"]?.arrayValue?.compactMap(\.doubleValue) == reports.compactMap(\.dice))
        // Dice at the searched threshold: the last epoch's is the final metric, equal to
        // 2·IoU/(1 + IoU) of the searched IoU, and never below Dice at 0.5 (0.5 is one of the
        // thresholds searched).
        let searchedCurve = try JSONParser.parse(
            Array(store.get(try #require(outcome.outputs["curve/dice_searched"])).bytes))
        #expect(searchedCurve["x"] == [1, 2, 3])
        let searched = searchedCurve["y"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(searched.count == 3)
        #expect(searched.last == outcome.metrics["dice_searched"])
        let iou = try #require(outcome.metrics["iou_searched"])
        #expect(abs(try #require(searched.last) - 2 * iou / (1 + iou)) < 1e-12)
        for (atHalf, atSearched) in zip(reports.compactMap(\.dice), searched) {
            #expect(atSearched >= atHalf - 1e-12, "searched \(atSearched) below 0.5's \(atHalf)")
        }
        let lossCurve = try JSONParser.parse(
            Array(store.get(try #require(outcome.outputs["curve/loss"])).bytes))
        #expect(lossCurve["x_label"] == "step")
        #expect(lossCurve["y"]?.arrayValue?.count == 6)
        let firstLoss = try #require(lossCurve["y"]?.arrayValue?.first?.doubleValue)
        #expect(abs(firstLoss - 0.693) < 0.05, "initial loss near log 2 with N(0, 0.02) weights")

        let prediction = try store.get(try #require(outcome.outputs["prediction/test/001"]))
        #expect(prediction.kind == .prediction)
        #expect(prediction.bytes.count == 8 + 12 + 4 * 64 * 64)
        let checkpoint = try Checkpoint(
            canonicalBytes: Array(store.get(try #require(outcome.outputs["checkpoint"])).bytes))
        #expect(checkpoint.epoch == 3)
        #expect(checkpoint.history["loss"] == lossCurve["y"]?.arrayValue?.compactMap(\.doubleValue))

        let record = try #require(try store.run(outcome.id))
        #expect(record.kind == "train")
        #expect(record.inputs == ["dataset": dataset])
        #expect(record.params["model"] == .text("unet"))
        #expect(record.params["threshold_rule"] == .text("sigmoid>0.5"))

        let again = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset
        ) { _ in
            Issue.record("a cached run trains nothing")
        }
        #expect(again.cached)
        #expect(again.outputs == outcome.outputs)
    }

    @Test func theSameSpecGivesTheSameOutputIdsAndAForcedRerunReproducesThem() throws {
        let directory = try TemporaryDirectory()
        let (first, dataset) = try Self.storeWithDataset(directory, name: "a.sqlite")
        let (second, _) = try Self.storeWithDataset(directory, name: "b.sqlite")
        let a = try TrainingJob(store: first, checkpointCadence: .everyEpoch).train(
            try Self.settings(epochs: 2), dataset: dataset)
        let b = try TrainingJob(store: second, checkpointCadence: .everyEpoch).train(
            try Self.settings(epochs: 2), dataset: dataset)
        #expect(a.id == b.id)
        #expect(a.outputs == b.outputs)
        #expect(a.metrics == b.metrics)
        var reports = 0
        let forced = try TrainingJob(store: first, checkpointCadence: .everyEpoch).train(
            try Self.settings(epochs: 2), dataset: dataset, force: true
        ) {
            _ in reports += 1
        }
        #expect(reports == 6, "a forced rerun trains from the start")
        #expect(forced.reproducedPreviousOutputs == true)
        var reseeded = try Self.settings(epochs: 2)
        reseeded.seed = 8
        let other = try TrainingJob(store: first, checkpointCadence: .everyEpoch).train(
            reseeded, dataset: dataset)
        #expect(other.outputs["curve/loss"] != a.outputs["curve/loss"])
    }

    @Test func aRunInterruptedAfterAnEpochResumesAndEndsWithTheUninterruptedOutputs() throws {
        let directory = try TemporaryDirectory()
        let (reference, dataset) = try Self.storeWithDataset(directory, name: "reference.sqlite")
        let uninterrupted = try TrainingJob(store: reference, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset)

        let (store, _) = try Self.storeWithDataset(directory, name: "interrupted.sqlite")
        #expect(throws: Interrupted.self) {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                try Self.settings(), dataset: dataset
            ) { report in
                if report.epoch == 2 && report.dice != nil { throw Interrupted() }
            }
        }
        let failed = try #require(try store.run(uninterrupted.id))
        #expect(failed.status == .failed)
        #expect(failed.outputs.keys.sorted() == ["checkpoint/epoch-1", "checkpoint/epoch-2"])
        let kept = try #require(failed.outputs["checkpoint/epoch-1"])
        #expect(try Checkpoint(canonicalBytes: Array(store.get(kept).bytes)).epoch == 1)

        var reports: [TrainingProgress] = []
        let resumed = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(reports.first?.epoch == 3, "training restarts after the last checkpoint")
        #expect(reports.allSatisfy { $0.resumedFrom == 2 })
        #expect(resumed.outputs == uninterrupted.outputs)
        #expect(resumed.metrics == uninterrupted.metrics)
        #expect(try store.run(resumed.id)?.status == .done)
        // The finished run released the per-epoch checkpoints it resumed from.
        #expect(try !store.exists(kept))
    }

    /// The default cadence keeps a checkpoint at most once a minute, so a run of seconds stores
    /// none; which epochs were stored never changes the outputs.
    @Test func aShortRunUnderTheDefaultCadenceStoresNoEpochCheckpointAndTheSameOutputs() throws {
        let directory = try TemporaryDirectory()
        let (everyEpoch, dataset) = try Self.storeWithDataset(directory, name: "every.sqlite")
        let (sparse, _) = try Self.storeWithDataset(directory, name: "sparse.sqlite")
        var attached: [String] = []
        let reference = try TrainingJob(store: everyEpoch, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset
        ) { report in
            if report.dice != nil, let run = try everyEpoch.runs().first(where: { $0.kind == "train" }) {
                attached = run.outputs.keys.sorted()
            }
        }
        #expect(attached.contains("checkpoint/epoch-1"))
        var attachedSparse: [String] = []
        let outcome = try TrainingJob(store: sparse, checkpointCadence: CheckpointCadence(minimumSeconds: 60))
            .train(try Self.settings(), dataset: dataset) { report in
                if report.dice != nil, let run = try sparse.runs().first(where: { $0.kind == "train" }) {
                    attachedSparse += run.outputs.keys
                }
            }
        #expect(!attachedSparse.contains { $0.hasPrefix(CheckpointRoles.epochPrefix) })
        #expect(outcome.outputs == reference.outputs)
        #expect(outcome.metrics == reference.metrics)
    }

    @Test func theCadenceComesFromTheEnvironmentAndRefusesNonsense() {
        let variable = CheckpointCadence.environmentVariable
        #expect(CheckpointCadence.fromEnvironment([:]).minimumSeconds == CheckpointCadence.defaultSeconds)
        #expect(CheckpointCadence.fromEnvironment([variable: "0"]) == .everyEpoch)
        #expect(CheckpointCadence.fromEnvironment([variable: "12.5"]).minimumSeconds == 12.5)
        #expect(CheckpointCadence.environmentProblem([variable: "12.5"]) == nil)
        for bad in ["-1", "soon", "inf", ""] {
            #expect(CheckpointCadence.fromEnvironment([variable: bad]).minimumSeconds == 60)
            #expect(CheckpointCadence.environmentProblem([variable: bad])?.hasPrefix(variable) == true)
        }
        let start = Date(timeIntervalSince1970: 1000)
        let cadence = CheckpointCadence(minimumSeconds: 60)
        #expect(!cadence.isDue(since: start, now: start.addingTimeInterval(59.9)))
        #expect(cadence.isDue(since: start, now: start.addingTimeInterval(60)))
        #expect(CheckpointCadence.everyEpoch.isDue(since: start, now: start))
    }

    @Test func aDamagedCheckpointStopsTheResumeWithAClearError() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        let settings = try Self.settings(epochs: 2)
        let spec = settings.spec(dataset: dataset)
        // An earlier attempt that left a checkpoint of another network under this run.
        #expect(throws: Interrupted.self) {
            try Executor(store: store).run(spec) { context in
                var other = try Self.settings(epochs: 2)
                other.network = try NetworkConfiguration(architecture: "unet", width: 3, depth: 2)
                do {
                    _ = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                        other, dataset: dataset
                    ) { report in
                        if report.dice != nil { throw Interrupted() }
                    }
                } catch is Interrupted {}
                let foreign = try #require(try store.runs().first { $0.kind == "train" && $0.id != spec.id })
                let bytes = try store.get(try #require(foreign.outputs["checkpoint/epoch-1"])).bytes
                try context.checkpoint(
                    role: "checkpoint/epoch-1", artifact: ProducedArtifact(kind: .checkpoint, bytes: bytes))
                throw Interrupted()
            }
        }
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(settings, dataset: dataset)
        } throws: { error in
            "\(error)" == "invalid checkpoint: hyperparameter 'width' is 3, the run has 2"
        }
    }

    @Test func aDeepLabRunSkipsALoneLastImageAndResumesFromItsCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        var request = Self.tiny
        request.sizes = SplitSizes(train: 3, val: 1, test: 1)
        let dataset = try DatasetJob(store: store).synthesize(request).manifestID
        var settings = TrainingSettings(
            network: try NetworkConfiguration(architecture: "deeplabv3plus", width: 2))
        settings.schedule.epochs = 2
        settings.schedule.batch = 2
        var reports: [TrainingProgress] = []
        #expect(throws: Interrupted.self) {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(settings, dataset: dataset) {
                report in
                reports.append(report)
                if report.dice != nil { throw Interrupted() }
            }
        }
        // Three images in batches of two: the lone third image is skipped (batch norm needs two).
        #expect(reports.map(\.stepsPerEpoch) == [1, 1])
        let resumed = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            settings, dataset: dataset)
        #expect(!resumed.outputs.keys.contains { $0.hasPrefix("checkpoint/epoch-") })
        let checkpoint = try Checkpoint(
            canonicalBytes: Array(store.get(try #require(resumed.outputs["checkpoint"])).bytes))
        #expect(checkpoint.architecture == "deeplabv3plus")
        #expect(Set(checkpoint.entries.map(\.name)).count == checkpoint.entries.count)
        #expect(checkpoint.history["loss"]?.count == 2)
    }

    @Test func badSettingsOrDataAreRefusedBeforeAnythingIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory, name: "db.sqlite")
        let before = try store.runs().count
        var tooLarge = try Self.settings()
        tooLarge.schedule.batch = 5
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(tooLarge, dataset: dataset)
        } throws: { error in
            "\(error)".contains("has 4 training images, fewer than the batch of 5")
        }
        var noEpochs = try Self.settings()
        noEpochs.schedule.epochs = 0
        #expect(throws: RunError.invalidParameter(name: "epochs", reason: "must be ≥ 1, got 0")) {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(noEpochs, dataset: dataset)
        }
        var deep = try Self.settings()
        deep.network = try NetworkConfiguration(architecture: "unet", width: 2, depth: 7)
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(deep, dataset: dataset)
        } throws: { error in
            "\(error)".contains("needs sides divisible by 128")
        }
        #expect(throws: RunError.self) { try NetworkConfiguration(architecture: "resnet") }
        #expect(try store.runs().count == before)
    }
}

/// A run's outputs must not depend on the BLAS thread count (`ParallelLoop`'s shape-fixed parts):
/// the same spec trained at 1, 2, 4 and 8 threads in fresh stores gives the same output ids. In a
/// child process, because the thread count is process-wide.
@Suite struct ThreadCountIndependenceTests {
    @Test func aTrainingRunGivesTheSameOutputIDsAtOneTwoFourAndEightThreads() async {
        await #expect(processExitsWith: .success) {
            // Width 16 at 64×64 makes the first level's GEMMs large enough to split their columns
            // when an image is alone (the test evaluation); batch 3 makes 3 image pieces, fewer than
            // 4 or 8 threads and more than 2.
            var settings = TrainingSettings(
                network: try NetworkConfiguration(architecture: "unet", width: 16, depth: 2))
            settings.schedule.epochs = 1
            settings.schedule.batch = 3
            settings.seed = 4
            var outputs: [[String: ContentID]] = []
            for threads in [1, 2, 4, 8] {
                BLAS.threadCount = threads
                let directory = try TemporaryDirectory()
                let (store, dataset) = try TrainingJobTests.storeWithDataset(directory, name: "db.sqlite")
                outputs.append(
                    try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                        settings, dataset: dataset
                    ).outputs)
            }
            precondition(outputs.allSatisfy { $0 == outputs[0] }, "outputs differ across thread counts")
        }
    }
}
