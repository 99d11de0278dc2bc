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

@Suite struct DatasetJobTests {
    static let tiny = SynthesisRequest(
        kind: .er, imageSize: 32, sizes: SplitSizes(train: 2, val: 1, test: 2), seed: 4)

    @Test func theSameSeedGivesTheSameManifestFromTheCacheAndAnotherSeedAnother() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let job = DatasetJob(store: store)
        let first = try job.synthesize(Self.tiny)
        let again = try job.synthesize(Self.tiny)
        #expect(!first.run.cached)
        #expect(again.run.cached)
        #expect(again.manifestID == first.manifestID)
        var reseeded = Self.tiny
        reseeded.seed = 5
        #expect(try job.synthesize(reseeded).manifestID != first.manifestID)
        // A fresh database computes the same bytes, so the same ids.
        let elsewhere = try DatasetJob(store: Store(path: directory.path("other.sqlite"))).synthesize(
            Self.tiny)
        #expect(elsewhere.manifestID == first.manifestID)
        #expect(!elsewhere.run.cached)
        let forced = try job.synthesize(Self.tiny, force: true)
        #expect(!forced.run.cached)
        #expect(forced.run.outputs == first.run.outputs)
    }

    @Test func everyImageAndLabelIsAnOutputOfTheRunInManifestOrder() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let outcome = try DatasetJob(store: store).synthesize(Self.tiny)
        let record = try #require(try store.run(outcome.run.id))
        #expect(record.kind == "dataset")
        #expect(record.seed == 4)
        #expect(record.params["generator"] == .text("er"))
        #expect(record.params["train"] == .number(2))
        #expect(record.outputs.count == 2 * 5 + 1)
        #expect(record.outputs["manifest"] == outcome.manifestID)
        #expect(try store.info(outcome.manifestID)?.kind == .dataset)
        let manifest = outcome.manifest
        #expect(manifest[.train].count == 2 && manifest[.val].count == 1 && manifest[.test].count == 2)
        #expect(record.outputs["test/001/image"] == manifest[.test][1].image)
        #expect(record.outputs["test/001/label"] == manifest[.test][1].label)
        let samples = try SynthesisRequest(
            kind: .er, imageSize: 32, sizes: SplitSizes(train: 2, val: 1, test: 2), seed: 4
        ).generate()
        let storedLabel = try LabelMap(canonicalBytes: Array(store.get(manifest[.test][1].label).bytes))
        #expect(storedLabel == samples[.test][1].labels)
        let storedImage = try Image(canonicalBytes: Array(store.get(manifest[.train][0].image).bytes))
        #expect(storedImage == samples[.train][0].image)
        #expect(record.metrics["samples"] == 5)
        #expect(record.metrics["otsu_dice_test"] != nil)
        #expect(record.metrics["agt_dice_test"] != nil)
    }

    @Test func theManifestIsCanonicalJSONThatReadsBack() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let outcome = try DatasetJob(store: store).synthesize(Self.tiny, name: "er-tiny")
        let bytes = Array(try store.get(outcome.manifestID).bytes)
        let parsed = try JSONParser.parse(bytes)
        #expect(parsed.canonicalBytes == bytes)
        #expect(parsed["name"] == "er-tiny")
        #expect(parsed["task"] == "binary")
        #expect(parsed["source"]?["generator"] == "er")
        #expect(parsed["source"]?["seed"] == 4)
        #expect(parsed["source"]?["parameters"]?["image_size"] == 32)
        #expect(try DatasetManifest(canonicalBytes: bytes) == outcome.manifest)
    }

    @Test func reimportingUnchangedFilesIsACacheHitAndAChangedFileIsNot() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (2, 1, 1))
        let store = try Store(path: folder.directory.path("db.sqlite"))
        let job = DatasetJob(store: store)
        let first = try job.importFolder(
            FolderImport.scan(path: folder.root, layout: .official), name: "mine")
        let again = try job.importFolder(
            FolderImport.scan(path: folder.root, layout: .official), name: "mine")
        #expect(!first.run.cached)
        #expect(again.run.cached)
        #expect(again.manifestID == first.manifestID)
        let record = try #require(try store.run(first.run.id))
        #expect(record.params["source"] == .text("import"))
        guard case .text(let files) = try #require(record.params["files"]) else {
            Issue.record("files is not text")
            return
        }
        #expect(files.contains("train/images/0.png"))
        #expect(first.manifest[.train].count == 2)

        try folder.write(ImageFolderFixture.image(side: 12, seed: 99), "test/images/0.png")
        let changed = try job.importFolder(
            FolderImport.scan(path: folder.root, layout: .official), name: "mine")
        #expect(!changed.run.cached)
        #expect(changed.run.id != first.run.id)
        #expect(changed.manifest[.train] == first.manifest[.train])
        #expect(changed.manifest[.test] != first.manifest[.test])
    }

    @Test func aFailingImportRecordsNothing() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0), side: 8)
        try folder.write(ImageFolderFixture.mask(side: 7), "train/labels/0.png")
        let store = try Store(path: folder.directory.path("db.sqlite"))
        #expect(throws: DatasetsError.self) {
            try DatasetJob(store: store).importFolder(
                FolderImport.scan(path: folder.root, layout: .official), name: "bad")
        }
        #expect(try store.runs().isEmpty)
    }

    @Test func theCatalogListsDatasetsAndResolvesManifestOrRunIDs() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let made = try DatasetJob(store: store).synthesize(Self.tiny)
        let catalog = DatasetCatalog(store: store)
        #expect(try catalog.list().map(\.manifestID) == [made.manifestID])
        #expect(try catalog.resolve(String(made.manifestID.hex.prefix(10))).id == made.manifestID)
        #expect(try catalog.resolve(made.run.id.hex).id == made.manifestID)
        let label = made.manifest[.train][0].label
        #expect(throws: RunError.self) { try catalog.resolve(label.hex) }
        let content = try catalog.content(of: made.manifest)
        #expect(content.sizes == Self.tiny.sizes)
        #expect(try DatasetStatistics(content: content).metrics == made.run.metrics)
    }

    @Test func anRGBBinarySetImportsWithoutBaselineFigures() throws {
        let folder = try ImageFolderFixture()
        let rgb = Image(
            width: 6, height: 6, channels: 3, bitDepth: .eight, samples: (0..<108).map { UInt16($0 * 2) })
        try folder.write(rgb, "images/a.png")
        try folder.write(ImageFolderFixture.mask(side: 6), "masks/a.png")
        let store = try Store(path: folder.directory.path("db.sqlite"))
        let outcome = try DatasetJob(store: store).importFolder(
            FolderImport.scan(path: folder.root, layout: .pairs), name: "rgb")
        #expect(outcome.manifest[.test].count == 1)
        #expect(outcome.run.metrics["otsu_dice_test"] == nil)
        #expect(outcome.run.metrics["foreground_fraction"] != nil)
    }
}
