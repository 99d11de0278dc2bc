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

/// The Table 3 baselines as runs.
@Suite struct BaselineJobTests {
    static let tiny = SynthesisRequest(
        kind: .er, imageSize: 64, sizes: SplitSizes(train: 1, val: 0, test: 3), seed: 9)

    static func dfc() -> BaselineSettings {
        var p = BaselineSettings.DFCParameters()
        p.channels = 6
        p.iterations = 5
        var settings = BaselineSettings(method: .dfc(p))
        settings.seed = 2
        return settings
    }

    static func ac() -> BaselineSettings {
        var p = BaselineSettings.ACParameters()
        p.width = 4
        p.convolutions = 2
        p.iterations = 3
        var settings = BaselineSettings(method: .ac(p))
        settings.seed = 2
        return settings
    }

    /// The stored mask of test image `index`.
    static func mask(_ outcome: RunOutcome, _ index: Int, in store: Store) throws -> [UInt8] {
        let bytes = Array(try store.get(try #require(outcome.outputs["prediction/test/00\(index)"])).bytes)
        let values = stride(from: 20, to: bytes.count, by: 4).map { offset in
            Float(
                bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
                    << 16
                    | UInt32(bytes[offset + 3]) << 24)
        }
        return values.map { $0 == 1 ? 1 : 0 }
    }

    @Test func otsuAndAGTRunsStoreTheMasksOfOtsuAndAGTAndArePooledAsTheDatasetStatisticsAre() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let dataset = try DatasetJob(store: store).synthesize(Self.tiny)
        let samples = try DatasetCatalog(store: store).content(
            of: DatasetCatalog(store: store).resolve(dataset.manifestID.hex).manifest)[.test]
        let otsu = try BaselineJob(store: store).run(
            BaselineSettings(method: .otsu), dataset: dataset.manifestID)
        let agt = try BaselineJob(store: store).run(
            BaselineSettings(methodNamed: "agt"), dataset: dataset.manifestID)
        let threshold = try AdaptiveThreshold(blockSize: 25, offset: -10)
        for (index, sample) in samples.enumerated() {
            #expect(try Self.mask(otsu, index, in: store) == Otsu.foreground(sample.image).mask.pixels)
            #expect(
                try Self.mask(agt, index, in: store)
                    == threshold.foreground(ThresholdBaselines.eightBit(sample.image)).pixels)
        }
        let reference = try ThresholdBaselines.dice(samples)
        #expect(otsu.metrics["dice"] == reference.otsu)
        #expect(agt.metrics["dice"] == reference.agt)
        for name in ["iou", "accuracy", "auc"] {
            #expect(otsu.metrics[name] != nil, "\(name) in \(otsu.metrics)")
        }
        let record = try #require(try store.run(otsu.id))
        #expect(record.kind == "baseline")
        #expect(record.seed == nil)
        #expect(record.params["method"] == .text("otsu"))
        #expect(
            try BaselineJob(store: store).run(BaselineSettings(method: .otsu), dataset: dataset.manifestID)
                .cached)
    }

    @Test(arguments: ["dfc", "ac"])
    func clusteringBaselinesMapClustersByIntensityNotByTheGroundTruth(method: String) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let dataset = try DatasetJob(store: store).synthesize(Self.tiny)
        let samples = try DatasetCatalog(store: store).content(
            of: DatasetCatalog(store: store).resolve(dataset.manifestID.hex).manifest)[.test]
        let settings = method == "dfc" ? Self.dfc() : Self.ac()
        let inverted = samples.map { sample in
            LabeledImage(
                image: sample.image,
                labels: LabelMap(
                    width: sample.labels.width, height: sample.labels.height,
                    labels: sample.labels.labels.map { 1 - $0 }))
        }
        let plain = try BaselineJob.compute(settings, samples: samples)
        let flipped = try BaselineJob.compute(settings, samples: inverted)
        #expect(plain.artifacts.mapValues(\.bytes) == flipped.artifacts.mapValues(\.bytes))
        #expect(plain.metrics["dice"] != flipped.metrics["dice"])
        // The run is seeded and reproducible: the same settings give the same outputs.
        let outcome = try BaselineJob(store: store).run(settings, dataset: dataset.manifestID)
        #expect(try store.run(outcome.id)?.seed == 2)
        for (role, artifact) in plain.artifacts {
            #expect(outcome.outputs[role] == ContentID.blob(kind: artifact.kind, bytes: artifact.bytes))
        }
    }

    @Test func theBrightestClustersBecomeTheForeground() {
        // Clusters 0 (mean 1), 1 (mean 9), 2 (mean 10): the split {1, 2} against {0} separates best.
        let mask = ClusterMapping.foreground(
            clusters: [0, 0, 1, 2, 2, 0], intensities: [1, 1, 9, 10, 10, 1])
        #expect(mask == [0, 0, 1, 1, 1, 0])
        // Two clusters: the brighter one, whichever its number.
        #expect(ClusterMapping.foreground(clusters: [1, 0, 0], intensities: [5, 2, 3]) == [1, 0, 0])
        #expect(ClusterMapping.foreground(clusters: [3, 3], intensities: [5, 2]) == [0, 0])
    }

    @Test func specsReadBackAndBadInputIsRefused() throws {
        let dataset = ContentID.run(canonicalSpec: "a dataset")
        for settings in [
            BaselineSettings(method: .otsu), try BaselineSettings(methodNamed: "agt"), Self.dfc(), Self.ac(),
        ] {
            #expect(try BaselineSettings(spec: settings.spec(dataset: dataset)) == settings)
        }
        #expect(BaselineSettings(method: .otsu).spec(dataset: dataset).seed == nil)
        #expect { try BaselineSettings(methodNamed: "kmeans") } throws: { error in
            "\(error)" == "invalid method: unknown method 'kmeans': expected otsu, agt, dfc, ac"
        }
        var spec = BaselineSettings(method: .otsu).spec(dataset: dataset)
        spec.params["block"] = 25
        #expect { try BaselineSettings(spec: spec) } throws: { error in
            "\(error)" == "invalid block: not a parameter of baseline runs"
        }
        spec = BaselineSettings(method: .otsu).spec(dataset: dataset)
        spec.seed = 3
        #expect(throws: RunError.self) { try BaselineSettings(spec: spec) }
        #expect(throws: RunError.self) {
            try BaselineSettings(method: .agt(block: 24, offset: 0)).validate()
        }

        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let scenes = try DatasetJob(store: store).synthesize(
            SynthesisRequest(
                kind: .scenes, imageSize: 32, sizes: SplitSizes(train: 1, val: 0, test: 1), seed: 1))
        let before = try store.runs().count
        #expect(throws: RunError.self) {
            try BaselineJob(store: store).run(BaselineSettings(method: .otsu), dataset: scenes.manifestID)
        }
        #expect(try store.runs().count == before)
    }
}
