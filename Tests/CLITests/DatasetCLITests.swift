import ArtifactStore
import CanonicalJSON
import Foundation
import Imaging
import TestSupport
import Testing

/// End-to-end: `msdb dataset synth|import|list|stats` through the built binary.
@Suite struct DatasetCLITests {
    /// Runs msdb on `database` and parses its JSON output, expecting success.
    private func json(_ arguments: [String], database: String) throws -> JSONValue {
        let outcome = try MSDBProcess.run(["--db", database] + arguments + ["--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try JSONParser.parse(outcome.stdout)
    }

    private func outputLineageCount(database: String, run: String) throws -> Int? {
        try StoreFixtures.fetchInt(
            path: database,
            sql: "SELECT count(*) FROM lineage WHERE run_id = '\(run)' AND direction = 'output'")
    }

    @Test func synthStoresADatasetOnceAndStatsDescribesIt() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let arguments = [
            "dataset", "synth", "--kind", "er", "--size", "48", "--train", "2", "--val", "1", "--test", "2",
        ]
        let first = try json(arguments, database: database)
        let second = try json(arguments, database: database)
        #expect(first["cached"] == false)
        #expect(second["cached"] == true)
        #expect(first["id"] == second["id"])
        #expect(first["splits"] == ["train": 2, "val": 1, "test": 2])
        let reseeded = try json(arguments + ["--seed", "1"], database: database)
        #expect(reseeded["id"] != first["id"])

        let id = try #require(first["id"]?.stringValue)
        let run = try #require(first["run_id"]?.stringValue)
        #expect(try outputLineageCount(database: database, run: run) == 2 * 5 + 1)
        let kind = try StoreFixtures.strings(path: database, sql: "SELECT kind FROM blobs WHERE id = '\(id)'")
        #expect(kind == ["dataset"])

        let stats = try json(["dataset", "stats", String(id.prefix(12))], database: database)
        #expect(stats["id"] == .string(id))
        #expect(stats["image_sizes"] == ["48x48"])
        let otsu = try #require(stats["otsu_dice_test"]?.doubleValue)
        let agt = try #require(stats["agt_dice_test"]?.doubleValue)
        #expect((0...1).contains(otsu) && (0...1).contains(agt))
        #expect(first["metrics"]?["otsu_dice_test"]?.doubleValue == otsu)
        let fraction = try #require(stats["foreground_fraction"]?.doubleValue)
        #expect(fraction > 0 && fraction < 0.5)

        let listed = try json(["dataset", "list"], database: database)
        #expect(listed.arrayValue?.count == 2)
        #expect(listed.arrayValue?.first?["id"] == .string(id))
        #expect(listed.arrayValue?.first?["source"] == "er")
    }

    /// The role → artifact pairs of a dataset run's images and labels (the manifest left out).
    private func sampleOutputs(database: String, run: String) throws -> [String] {
        try StoreFixtures.strings(
            path: database,
            sql:
                "SELECT role || ' ' || artifact_id FROM lineage WHERE run_id = '\(run)' AND direction = 'output' "
                + "AND role != 'manifest' ORDER BY role")
    }

    @Test func anExportedDatasetImportsBackToTheSameSamples() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let made = try json(
            [
                "dataset", "synth", "--kind", "nuc", "--size", "32", "--train", "3", "--val", "1", "--test",
                "2",
            ],
            database: database)
        let id = try #require(made["id"]?.stringValue)
        let folder = directory.path("exported")
        let exported = try json(["dataset", "export", id, folder], database: database)
        #expect(exported["splits"] == ["train": 3, "val": 1, "test": 2])
        let imported = try json(["dataset", "import", folder, "--layout", "official"], database: database)
        #expect(imported["splits"] == made["splits"])
        let original = try sampleOutputs(database: database, run: #require(made["run_id"]?.stringValue))
        let reread = try sampleOutputs(database: database, run: #require(imported["run_id"]?.stringValue))
        #expect(original.count == 12)
        #expect(reread == original)

        let again = try MSDBProcess.run(["--db", database, "dataset", "export", id, folder])
        #expect(again.status != 0)
        #expect(again.stderr.hasPrefix("error: ") && again.stderr.contains("not an empty folder"))
    }

    @Test func theDataScienceBowlLayoutImportsTiledAndReportsWhatItSkipped() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        // The tree DatasetsTests checks against Python, read in place.
        let tree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../DatasetsTests/Fixtures/dsb2018").standardized.path
        let arguments = [
            "dataset", "import", tree, "--layout", "dsb2018", "--tile", "128", "--fractions", "0,0,1",
        ]
        let first = try json(arguments, database: database)
        #expect(first["splits"] == ["train": 0, "val": 0, "test": 13])
        #expect(first["task"] == "binary")
        #expect(first["import_summary"]?["tiles"] == 13)
        #expect(first["import_summary"]?["skipped"] == ["20p1_pos0010_d_1ul"])
        #expect(try json(arguments, database: database)["id"] == first["id"])
        #expect(try json(arguments + ["--split-seed", "0"], database: database)["id"] == first["id"])
        let reseeded = try json(
            [
                "dataset", "import", tree, "--layout", "dsb2018", "--tile", "128", "--split-seed", "2",
                "--fractions",
                "0.5,0.25,0.25",
            ], database: database)
        #expect(reseeded["id"] != first["id"])

        let small = try MSDBProcess.run(["--db", database, "dataset", "import", tree, "--layout", "dsb2018"])
        #expect(small.status != 0)
        #expect(small.stderr.hasPrefix("error: ") && small.stderr.contains("--tile"))
    }

    /// Both street-scene layouts import their DatasetsTests trees in place with mapped class names,
    /// report the splits they skipped, record the scale, and a damaged tree stores nothing.
    @Test func theSceneLayoutsImportWithTheirClassesAndSkippedSplits() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../DatasetsTests/Fixtures").standardized.path
        let city = try json(
            ["dataset", "import", fixtures + "/cityscapes", "--layout", "cityscapes"], database: database)
        #expect(city["splits"] == ["train": 3, "val": 0, "test": 2])
        #expect(city["task"] == "multiclass")
        #expect(city["classes"]?.arrayValue?.count == 19)
        #expect(
            city["classes"]?.arrayValue?.first == "road" && city["classes"]?.arrayValue?.last == "bicycle")
        #expect(city["import_summary"] == ["samples": 5, "skipped_splits": ["test"]])
        let half = try json(
            ["dataset", "import", fixtures + "/cityscapes", "--layout", "cityscapes", "--scale", "0.5"],
            database: database)
        #expect(half["id"] != city["id"])
        let manifest = try JSONParser.parse(
            MSDBProcess.run(["--db", database, "cat", half["id"]?.stringValue ?? ""]).stdout)
        #expect(manifest["source"]?["import"]?["scale"]?["factor"] == 0.5)

        let voc = try json(["dataset", "import", fixtures + "/voc", "--layout", "voc"], database: database)
        #expect(voc["splits"] == ["train": 2, "val": 0, "test": 2])
        #expect(voc["task"] == "multiclass")
        #expect(voc["classes"]?.arrayValue?.count == 21)
        #expect(
            voc["classes"]?.arrayValue?.first == "background"
                && voc["classes"]?.arrayValue?.last == "tvmonitor")
        #expect(
            voc["import_summary"] == [
                "samples": 4, "skipped_splits": [], "unlisted_images": 1, "cropped": [],
            ])
        // VOC's images differ in size; every sample comes out on one canvas, larger ones cropped.
        let small = try json(
            ["dataset", "import", fixtures + "/voc", "--layout", "voc", "--pad-to", "128"], database: database
        )
        #expect(small["import_summary"]?["cropped"] == ["2007_000001", "2007_000002"])
        let padded = try JSONParser.parse(
            MSDBProcess.run(["--db", database, "dataset", "stats", small["id"]?.stringValue ?? "", "--json"])
                .stdout)
        #expect(padded["image_sizes"] == ["128x128"])

        let refused = try MSDBProcess.run(
            ["--db", database, "dataset", "import", fixtures + "/voc", "--layout", "voc", "--scale", "0.5"])
        #expect(refused.status != 0 && refused.stderr.contains("--scale"))

        let damaged = directory.path("voc")
        try FileManager.default.copyItem(atPath: fixtures + "/voc", toPath: damaged)
        try FileManager.default.removeItem(atPath: damaged + "/JPEGImages/2007_000003.jpg")
        let empty = directory.path("empty.sqlite")
        _ = try Store(path: empty)
        let failed = try MSDBProcess.run(["--db", empty, "dataset", "import", damaged, "--layout", "voc"])
        #expect(failed.status != 0)
        #expect(failed.stderr.split(separator: "\n").count == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains(damaged + "/SegmentationClass/2007_000003.png"), "\(failed.stderr)")
        #expect(try StoreFixtures.fetchInt(path: empty, sql: "SELECT count(*) FROM runs") == 0)
    }

    @Test func importingTheOfficialLayoutStoresEveryFileWithLineage() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (3, 1, 2))
        let database = folder.directory.path("db.sqlite")
        let result = try json(["dataset", "import", folder.root, "--name", "tiny"], database: database)
        #expect(result["name"] == "tiny")
        #expect(result["splits"] == ["train": 3, "val": 1, "test": 2])
        let run = try #require(result["run_id"]?.stringValue)
        #expect(try outputLineageCount(database: database, run: run) == 2 * 6 + 1)
        let kinds = try StoreFixtures.strings(
            path: database,
            sql: """
                SELECT b.kind FROM lineage l JOIN blobs b ON b.id = l.artifact_id
                WHERE l.run_id = '\(run)' AND l.role = 'train/002/label'
                """)
        #expect(kinds == ["label"])

        let manifestText = try MSDBProcess.run(
            ["--db", database, "cat", try #require(result["id"]?.stringValue)]
        ).stdout
        let manifest = try JSONParser.parse(manifestText)
        #expect(manifest["source"]?["import"]?["layout"] == "official")
        #expect(manifest["splits"]?["test"]?.arrayValue?.count == 2)

        let again = try json(["dataset", "import", folder.root, "--name", "tiny"], database: database)
        #expect(again["cached"] == true)
        #expect(again["id"] == result["id"])
        let listed = try json(["dataset", "list"], database: database)
        #expect(listed.arrayValue?.map { $0["source"] } == ["import"])
        let stats = try json(["dataset", "stats", run], database: database)
        #expect(stats["image_sizes"] == ["12x12"])
    }

    @Test func aPairsFolderGoesToTheChosenSplit() throws {
        let folder = try ImageFolderFixture()
        try folder.write(ImageFolderFixture.image(side: 8, seed: 1), "images/x.tif")
        try folder.write(ImageFolderFixture.mask(side: 8), "masks/x.png")
        let result = try json(
            ["dataset", "import", folder.root, "--layout", "pairs", "--split", "train"],
            database: folder.directory.path("db.sqlite"))
        #expect(result["splits"] == ["train": 1, "val": 0, "test": 0])
        #expect(result["name"] == "data")
    }

    /// Damages the fixture folder one way per case; each import must fail with one `error:` line
    /// naming the file, and record nothing.
    @Test(arguments: ["corrupt", "size", "binary", "unpaired", "symlink"])
    func badImportsFailWithOneErrorLineAndRecordNothing(damage: String) throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (2, 0, 1), side: 10)
        let named: String
        switch damage {
        case "corrupt":
            named = "train/images/1.png"
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0])
                .write(to: URL(fileURLWithPath: folder.root + "/" + named))
        case "size":
            named = "test/labels/0.png"
            try folder.write(ImageFolderFixture.mask(side: 11), named)
        case "binary":
            named = "train/labels/0.png"
            try folder.write(Image(width: 10, height: 10, gray8: (0..<100).map { UInt8($0) }), named)
        case "unpaired":
            named = "train/labels/7.png"
            try folder.write(ImageFolderFixture.mask(side: 10), named)
        default:
            named = "train/images/0.png"
            try ImageFile.write(
                ImageFolderFixture.image(side: 10, seed: 0), path: folder.directory.path("x.png"))
            try FileManager.default.removeItem(atPath: folder.root + "/" + named)
            try FileManager.default.createSymbolicLink(
                atPath: folder.root + "/" + named, withDestinationPath: folder.directory.path("x.png"))
        }
        let database = folder.directory.path("db.sqlite")
        _ = try Store(path: database)
        let outcome = try MSDBProcess.run(["--db", database, "dataset", "import", folder.root])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(named), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(try StoreFixtures.fetchInt(path: database, sql: "SELECT count(*) FROM runs") == 0)
        #expect(try StoreFixtures.fetchInt(path: database, sql: "SELECT count(*) FROM blobs") == 0)
    }

    @Test func badSynthOptionsFailWithOneErrorLine() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        for arguments in [
            ["--kind", "cats"], ["--kind", "er", "--size", "2"], ["--kind", "er", "--train", "-3"],
            ["--kind", "er", "--seed", "-1"],
        ] {
            let outcome = try MSDBProcess.run(["--db", database, "dataset", "synth"] + arguments)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func statsOfAnUnknownOrNonDatasetIDFails() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let label = try Store(path: database).put(kind: .label, bytes: Data([1, 2, 3]))
        let unknown = try MSDBProcess.run(["--db", database, "dataset", "stats", "abcdef0123"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no dataset or run with id abcdef0123\n")
        let wrongKind = try MSDBProcess.run(["--db", database, "dataset", "stats", label.hex])
        #expect(wrongKind.status == 1)
        #expect(wrongKind.stderr.contains("is a label artifact, not a dataset"))
    }
}
