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

/// DeepLabv3 on the multi-class scenes set: softmax cross-entropy, test mIoU, confusion matrix,
/// class-map predictions, resumable like binary training.
@Suite struct MulticlassTrainingTests {
    static let scenes = SynthesisRequest(
        kind: .scenes, imageSize: 32, sizes: SplitSizes(train: 4, val: 1, test: 2), seed: 5)

    static func settings(epochs: Int, labels: LabelSource = .clean) throws -> TrainingSettings {
        var settings = TrainingSettings(
            network: try NetworkConfiguration(architecture: "deeplabv3", width: 2))
        settings.schedule.epochs = epochs
        settings.schedule.batch = 2
        settings.seed = 4
        settings.schedule.learningRate = 0.02
        settings.labels = labels
        return settings
    }

    static func storeWithScenes(_ directory: TemporaryDirectory, name: String = "db.sqlite") throws -> (
        Store, ContentID
    ) {
        let store = try Store(path: directory.path(name))
        return (store, try DatasetJob(store: store).synthesize(scenes).manifestID)
    }

    struct Interrupted: Error {}

    @Test func deepLabV3LowersTheLossAndReportsMIoUConfusionAndClassMaps() throws {
        let directory = try TemporaryDirectory()
        let (store, dataset) = try Self.storeWithScenes(directory)
        var reports: [TrainingProgress] = []
        let outcome = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            try Self.settings(epochs: 6), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(
            outcome.outputs.keys.filter { !$0.hasPrefix("checkpoint/epoch-") }.sorted() == [
                "checkpoint", "confusion", "curve/loss", "curve/miou", "prediction/test/000",
                "prediction/test/001",
            ])
        #expect(reports.compactMap(\.miou).count == 6)
        #expect(reports.allSatisfy { $0.dice == nil })

        let loss = try JSONParser.parse(Array(store.get(try #require(outcome.outputs["curve/loss"])).bytes))
        let points = loss["y"]?.arrayValue?.compactMap { $0.doubleValue }
        let values = try #require(points)
        #expect(values.count == 12)
        let classes = Double(SceneGenerator.classNames.count)
        #expect(abs(values[0] - log(classes)) < 0.3, "initial loss near log M for M classes: \(values[0])")
        let early = values.prefix(4).reduce(0, +) / 4
        let late = values.suffix(4).reduce(0, +) / 4
        #expect(late < early, "loss falls: first steps \(early), last steps \(late)")

        let miou = try #require(outcome.metrics["miou"])
        #expect((0...1).contains(miou))
        let curve = try JSONParser.parse(Array(store.get(try #require(outcome.outputs["curve/miou"])).bytes))
        #expect(curve["y"]?.arrayValue?.last?.doubleValue == miou)
        let perClass = outcome.metrics.filter { $0.key.hasPrefix("iou/") }
        #expect(!perClass.isEmpty)
        #expect(Set(perClass.keys).isSubset(of: Set(SceneGenerator.classNames.map { "iou/" + $0 })))
        #expect(abs(perClass.values.reduce(0, +) / Double(perClass.count) - miou) < 1e-12)

        let confusion = try JSONParser.parse(
            Array(store.get(try #require(outcome.outputs["confusion"])).bytes))
        #expect(confusion["classes"] == .array(SceneGenerator.classNames.map(JSONValue.string)))
        let counts = try #require(
            confusion["counts"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.integerValue) ?? [] })
        let m = SceneGenerator.classNames.count
        #expect(counts.count == m && counts.allSatisfy { $0.count == m })
        #expect(counts.joined().reduce(0, +) == 2 * 32 * 32)
        let diagonal = (0..<m).reduce(Int64(0)) { $0 + counts[$1][$1] }
        #expect(abs(Double(diagonal) / 2048 - (outcome.metrics["accuracy"] ?? -1)) < 1e-12)

        let prediction = try store.get(try #require(outcome.outputs["prediction/test/001"]))
        #expect(prediction.kind == .label)
        let map = try LabelMap(canonicalBytes: Array(prediction.bytes))
        #expect(map.width == 32 && map.labels.allSatisfy { $0 < m })
        #expect(try store.run(outcome.id)?.params["threshold_rule"] == .text("argmax"))
    }

    @Test func aNoisyMulticlassRunInterruptedAfterAnEpochResumesToTheUninterruptedOutputs() throws {
        let directory = try TemporaryDirectory()
        let settings = try Self.settings(epochs: 2, labels: .flipping(p: 0.5))
        let (reference, dataset) = try Self.storeWithScenes(directory, name: "reference.sqlite")
        let uninterrupted = try TrainingJob(store: reference, checkpointCadence: .everyEpoch).train(
            settings, dataset: dataset)

        let (store, _) = try Self.storeWithScenes(directory, name: "interrupted.sqlite")
        #expect(throws: Interrupted.self) {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(settings, dataset: dataset) {
                report in
                if report.miou != nil { throw Interrupted() }
            }
        }
        let failed = try #require(try store.run(uninterrupted.id))
        #expect(failed.status == .failed)
        #expect(failed.outputs.keys.sorted() == ["checkpoint/epoch-1"])
        var reports: [TrainingProgress] = []
        let resumed = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            settings, dataset: dataset
        ) { reports.append($0) }
        #expect(reports.first?.epoch == 2)
        #expect(resumed.outputs == uninterrupted.outputs)
        #expect(resumed.metrics == uninterrupted.metrics)
        // Multi-class flipping draws among the set's 19 classes.
        let flipRun = try #require(try store.runs().first { $0.kind == "label" })
        #expect(flipRun.params["classes"] == .number(19))
    }

    @Test func aNetworkOfTheWrongTaskOrBinaryOnlyLabelsAreRefusedBeforeAnythingIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let (store, scenes) = try Self.storeWithScenes(directory)
        let er = try DatasetJob(store: store).synthesize(
            SynthesisRequest(kind: .er, imageSize: 32, sizes: SplitSizes(train: 2, val: 0, test: 1), seed: 1)
        ).manifestID
        let before = try store.runs().count
        var unet = TrainingSettings(
            network: try NetworkConfiguration(architecture: "unet", width: 2, depth: 2))
        unet.schedule.batch = 2
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(unet, dataset: scenes)
        } throws: { error in
            "\(error)" == "invalid dataset: 'scenes' is a multiclass set; unet trains on binary sets "
                + "(deeplabv3 on multi-class ones)"
        }
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                try Self.settings(epochs: 1), dataset: er)
        } throws: { error in
            "\(error)" == "invalid dataset: 'er' is a binary set; deeplabv3 trains on multi-class sets"
        }
        #expect {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                try Self.settings(epochs: 1, labels: .generation(p: 0.1)), dataset: scenes)
        } throws: { error in
            "\(error)" == "invalid labels: rl labels need a binary set, 'scenes' is not"
        }
        #expect(try store.runs().count == before)
    }
}
