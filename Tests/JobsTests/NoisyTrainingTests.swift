import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Jobs
import LabelNoise
import RandomStreams
import Runs
import TestSupport
import Testing

/// Supervised training on noisy train labels: label runs with lineage, one noise per seed shared by
/// the architectures, cached, and the clean test split.
@Suite struct NoisyTrainingTests {
    static let tiny = SynthesisRequest(
        kind: .er, imageSize: 32, sizes: SplitSizes(train: 4, val: 1, test: 2), seed: 3)

    static func settings(
        _ labels: LabelSource, architecture: String = "unet", seed: Seed = 7, epochs: Int = 1
    ) throws -> TrainingSettings {
        var settings = TrainingSettings(
            network: try NetworkConfiguration(
                architecture: architecture, width: 2, depth: architecture == "unet" ? 2 : nil))
        settings.schedule.epochs = epochs
        settings.schedule.batch = 2
        settings.seed = seed
        settings.labels = labels
        return settings
    }

    static func storeWithDataset(_ directory: TemporaryDirectory, name: String = "db.sqlite") throws -> (
        Store, ContentID
    ) {
        let store = try Store(path: directory.path(name))
        return (store, try DatasetJob(store: store).synthesize(tiny).manifestID)
    }

    static func manifest(_ store: Store, _ id: ContentID) throws -> DatasetManifest {
        try DatasetManifest(canonicalBytes: Array(store.get(id).bytes))
    }

    @Test func noisyTrainingRecordsEachLabelRunAndTheLabelSetWithLineageToTheCleanLabels() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory)
        let outcome = try TrainingJob(store: store).train(
            try Self.settings(.sampling(p: 0.3, variant: .ignore)), dataset: dataset)
        let record = try #require(try store.run(outcome.id))
        let labelSet = try #require(record.inputs["labels"])
        #expect(record.inputs == ["dataset": dataset, "labels": labelSet])
        #expect(record.params["labels"] == .text("rs"))
        #expect(record.params["ratio"] == .number(0.3))
        #expect(record.params["variant"] == .text("ignore"))
        #expect(try store.get(labelSet).kind == .labelSet)

        let manifest = try Self.manifest(store, dataset)
        let set = try LabelSet(canonicalBytes: Array(store.get(labelSet).bytes))
        #expect(set.labels.count == 4)
        let runs = try store.runs()
        let labelRuns = runs.filter { $0.kind == "label" }
        #expect(labelRuns.count == 4)
        // Train image i's noisy label is the output of a label run on its clean label.
        for (index, (entry, noisy)) in zip(manifest[.train], set.labels).enumerated() {
            let run = try #require(labelRuns.first { $0.outputs["label"] == noisy }, "label run \(index)")
            #expect(run.inputs == ["clean": entry.label])
            #expect(run.seed == LabelSource.labelSeed(run: 7, trainIndex: index).value)
            #expect(noisy != entry.label, "30% sampling changes the label")
        }
        let setRun = try #require(runs.first { $0.kind == LabelSet.kind.rawValue })
        #expect(setRun.outputs == ["labels": labelSet])
        #expect(setRun.inputs["label/002"] == set.labels[2])
        #expect(setRun.inputs["dataset"] == dataset)

        // The lineage of the training run reaches the clean labels through both runs.
        let graph = try store.lineage(of: outcome.id)
        #expect(Set(graph.runs.map(\.kind)).isSuperset(of: ["train", "label_set", "label"]))
        let cleanInputs = graph.edges.filter { $0.direction == "input" && $0.role == "clean" }.map(\.artifact)
        #expect(Set(cleanInputs) == Set(manifest[.train].map(\.label)))
        #expect(
            graph.edges.contains { $0.run == outcome.id && $0.artifact == labelSet && $0.role == "labels" })
    }

    @Test func oneSeedAndOneNoiseGiveTheSameLabelSetToBothArchitecturesAndOtherSeedsOtherNoise() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory)
        let job = TrainingJob(store: store)
        let flip = LabelSource.flipping(p: 0.3)
        let unet = try job.train(try Self.settings(flip), dataset: dataset)
        let runsAfterFirst = try store.runs().count
        let deeplab = try job.train(try Self.settings(flip, architecture: "deeplabv3plus"), dataset: dataset)
        #expect(unet.id != deeplab.id)
        let unetLabels = try #require(try store.run(unet.id)?.inputs["labels"])
        #expect(try store.run(deeplab.id)?.inputs["labels"] == unetLabels)
        #expect(try store.runs().count == runsAfterFirst + 1, "the label runs and the set are shared")

        let reseeded = try job.train(try Self.settings(flip, seed: 8), dataset: dataset)
        let reseededLabels = try #require(try store.run(reseeded.id)?.inputs["labels"])
        #expect(reseededLabels != unetLabels)
        let first = try LabelSet(canonicalBytes: Array(store.get(unetLabels).bytes))
        let second = try LabelSet(canonicalBytes: Array(store.get(reseededLabels).bytes))
        #expect(zip(first.labels, second.labels).allSatisfy { $0 != $1 }, "every image gets other noise")

        // Morphology draws nothing: every seed trains on the same dilated labels.
        let dilated = try job.train(try Self.settings(.morphology(.dilate)), dataset: dataset)
        let dilatedAgain = try job.train(try Self.settings(.morphology(.dilate), seed: 8), dataset: dataset)
        #expect(try store.run(dilated.id)?.inputs["labels"] == store.run(dilatedAgain.id)?.inputs["labels"])
    }

    @Test func aSecondRequestIsAnsweredFromTheCacheWithoutNewRuns() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory)
        let settings = try Self.settings(.generation(p: 0.1))
        let first = try TrainingJob(store: store).train(settings, dataset: dataset)
        let count = try store.runs().count
        let second = try TrainingJob(store: store).train(settings, dataset: dataset) { _ in
            Issue.record("a cached run trains nothing")
        }
        #expect(!first.cached)
        #expect(second.cached)
        #expect(second.outputs == first.outputs)
        #expect(try store.runs().count == count)
    }

    @Test func samplingEveryPixelTrainsExactlyAsTheCleanLabels() throws {
        // RS with p = 1 keeps every label, so the noisy path must feed the clean labels to the same
        // training: other run ids (other specs), the same outputs.
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithDataset(directory)
        let clean = try TrainingJob(store: store).train(try Self.settings(.clean), dataset: dataset)
        let sampled = try TrainingJob(store: store).train(
            try Self.settings(.sampling(p: 1, variant: .ignore)), dataset: dataset)
        #expect(clean.id != sampled.id)
        let labelSet = try #require(try store.run(sampled.id)?.inputs["labels"])
        let set = try LabelSet(canonicalBytes: Array(store.get(labelSet).bytes))
        #expect(set.labels == (try Self.manifest(store, dataset))[.train].map(\.label))
        #expect(sampled.outputs["curve/loss"] == clean.outputs["curve/loss"])
        #expect(sampled.outputs["prediction/test/001"] == clean.outputs["prediction/test/001"])
        #expect(sampled.metrics == clean.metrics)
    }

    @Test func aStoredNoisySpecRunsAgainInAnotherDatabaseAndAWrongLabelSetIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (first, dataset) = try Self.storeWithDataset(directory, name: "a.sqlite")
        let settings = try Self.settings(.sampling(p: 0.5, variant: .background))
        let original = try TrainingJob(store: first).train(settings, dataset: dataset)
        let labelSet = try #require(try first.run(original.id)?.inputs["labels"])
        let spec = settings.spec(dataset: dataset, labels: labelSet)
        #expect(spec.id == original.id)

        let cached = try TrainingJob(store: first).run(spec: spec)
        #expect(cached.cached)
        #expect(cached.id == original.id)

        // A database with the same dataset but none of the label runs re-derives the labels.
        let (second, _) = try Self.storeWithDataset(directory, name: "b.sqlite")
        let rerun = try TrainingJob(store: second).run(spec: spec)
        #expect(!rerun.cached)
        #expect(rerun.id == original.id)
        #expect(rerun.outputs == original.outputs)

        let (third, _) = try Self.storeWithDataset(directory, name: "c.sqlite")
        var wrong = spec
        wrong.inputs["labels"] = try #require(try first.run(original.id)?.outputs["curve/loss"])
        #expect {
            try TrainingJob(store: third).run(spec: wrong)
        } throws: { error in
            "\(error)".hasPrefix("invalid labels: input \(wrong.inputs["labels"]?.hex ?? "")")
        }
        #expect(try third.runs().filter { $0.kind == "train" }.isEmpty)
        var missing = spec
        missing.inputs["labels"] = nil
        #expect {
            try TrainingJob(store: third).run(spec: missing)
        } throws: { error in
            "\(error)" == "invalid inputs: rs training reads dataset and labels, the spec has dataset"
        }
        #expect(try third.runs().filter { $0.kind == "train" }.isEmpty)
    }
}
