import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// End-to-end: `msdb train` on a tiny synthetic set through the built binary.
@Suite struct TrainCLITests {
    private static let small = ["--width", "4", "--depth", "2", "--epochs", "2", "--batch", "2"]

    /// A database holding a tiny ER-like set; returns its path and the dataset id.
    private func database(in directory: TemporaryDirectory) throws -> (String, String) {
        let path = directory.path("db.sqlite")
        let synth = try MSDBProcess.run([
            "--db", path, "dataset", "synth", "--kind", "er", "--size", "64", "--train", "4", "--val", "1",
            "--test", "2", "--json",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        return (path, try #require(try JSONParser.parse(synth.stdout)["id"]?.stringValue))
    }

    /// A small 19-class colour set (2 train, 1 test image of 32×32) in the database at `path`; its id.
    private func scenes(in path: String) throws -> String {
        let synth = try MSDBProcess.run([
            "--db", path, "dataset", "synth", "--kind", "scenes", "--size", "32", "--train", "2", "--val",
            "0",
            "--test", "1", "--json",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        return try #require(try JSONParser.parse(synth.stdout)["id"]?.stringValue)
    }

    private func runCount(_ path: String) throws -> Int? {
        try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM runs")
    }

    @Test func aCheckpointCadenceThatIsNotANumberIsOneErrorLineAndTouchesNothing() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let before = try runCount(path)
        let train = try MSDBProcess.run(
            ["--db", path, "train", "--dataset", dataset] + Self.small,
            environment: ["MSDB_CHECKPOINT_SECONDS": "soon"])
        #expect(train.status != 0)
        #expect(
            train.stderr
                == "error: MSDB_CHECKPOINT_SECONDS must be a non-negative number of seconds, got 'soon'\n")
        #expect(try runCount(path) == before)
    }

    @Test func aFinishedCommandLeavesEveryCommittedRunInTheDatabaseFileItself() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let train = try MSDBProcess.run(
            ["--db", path, "train", "--dataset", dataset, "--labels", "rf", "--p", "0.3"] + Self.small + [
                "--json"
            ])
        #expect(train.status == 0, "\(train.stderr)")
        // No write-ahead log is left beside the file, so copying the file alone copies every run.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "a -wal file was left behind")
        let copy = directory.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let id = try #require(try JSONParser.parse(train.stdout)["id"]?.stringValue)
        #expect(
            try StoreFixtures.fetchInt(path: copy, sql: "SELECT count(*) FROM runs WHERE id = '\(id)'") == 1)
    }

    @Test func trainRecordsARunWithCheckpointsCurvesAndMetricsAndIsCachedOnASecondCall() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let arguments = ["--db", path, "train", "--dataset", String(dataset.prefix(10))] + Self.small
        let first = try MSDBProcess.run(arguments + ["--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let record = try JSONParser.parse(first.stdout)
        #expect(record["cached"] == false)
        #expect(record["kind"] == "train")
        #expect(record["status"] == "done")
        #expect(record["inputs"] == ["dataset": .string(dataset)])
        #expect(record["params"]?["model"] == "unet")
        #expect(record["params"]?["epochs"] == 2)
        let outputs = try #require(record["outputs"])
        for role in ["checkpoint", "curve/dice", "curve/loss"] {
            #expect(outputs[role]?.stringValue?.count == 64, "output \(role)")
        }
        #expect(outputs["checkpoint/epoch-1"] == nil, "per-epoch checkpoints are released when the run ends")
        for metric in ["dice", "iou", "accuracy", "auc"] {
            #expect(record["metrics"]?[metric]?.doubleValue != nil, "metric \(metric)")
        }
        // Not a terminal: one plain progress line per epoch on stderr.
        let lines = first.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(first.stderr)")
        #expect(lines.last?.hasPrefix("train unet: epoch 2/2, loss ") == true, "\(first.stderr)")
        #expect(lines.last?.contains("test dice") == true)

        let second = try MSDBProcess.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.isEmpty, "a cached run trains nothing: \(second.stderr)")
        let printed = second.stdout.split(separator: "\n")
        #expect(printed.first.map(String.init) == record["id"]?.stringValue)
        #expect(printed.last?.hasSuffix("(cached)") == true)
        #expect(try runCount(path) == 2)

        let curve = try MSDBProcess.run([
            "--db", path, "cat", try #require(outputs["curve/dice"]?.stringValue),
        ])
        let parsed = try JSONParser.parse(curve.stdout)
        #expect(parsed["x"] == [1, 2])
        #expect(parsed["x_label"] == "epoch")
    }

    @Test(arguments: [
        (["--epochs=-1"], "invalid epochs: must be ≥ 1, got -1"),
        (
            ["--model", "vgg"],
            "the value 'vgg' is invalid for '--model <model>'. Please provide one of 'unet', 'deeplabv3plus', "
                + "'deeplabv3' or 'hrnet'."
        ),
        (["--momentum", "1.5"], "invalid momentum: must be in [0, 1), got 1.5"),
        (["--batch", "5"], "invalid dataset: 'er' has 4 training images, fewer than the batch of 5"),
        (["--depth", "7"], "invalid dataset: unet needs sides divisible by 128"),
        (["--dataset", "0123456789ab"], "no dataset or run with id 0123456789ab"),
        (["--model", "deeplabv3plus", "--batch", "1"], "invalid batch: must be ≥ 2 for deeplabv3plus"),
        (["--model", "deeplabv3plus", "--depth", "2"], "invalid depth: only a U-Net has a depth"),
        (["--labels", "rs", "--p", "1.5"], "invalid p: must be in [0, 1], got 1.5"),
        (
            ["--labels", "noisy"],
            "the value 'noisy' is invalid for '--labels <labels>'. Please provide one of the following: cl, rs, "
                + "rf, rl, dilate, erode, skeleton"
        ),
        (["--labels", "cl", "--p", "0.1"], "invalid p: cl labels take no noise probability, got 0.1"),
        (["--labels", "rs"], "invalid p: rs labels need a noise probability"),
        (
            ["--labels", "rf", "--p", "0.2", "--variant", "ignore"],
            "invalid variant: only rs labels have a variant"
        ),
        (
            ["--model", "deeplabv3"],
            "invalid dataset: 'er' is a binary set; deeplabv3 trains on multi-class sets"
        ),
    ])
    func badInputIsOneErrorLineAndRecordsNothing(extra: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let base = ["--db", path, "train", "--dataset", dataset, "--width", "4", "--batch", "2"]
        let outcome = try MSDBProcess.run(base + extra)
        #expect(outcome.status != 0)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(lines.first?.hasPrefix("error: " + message) == true, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(try runCount(path) == 1, "only the dataset run")
    }

    @Test func noisyLabelsAreRecordedAsALabelSetInputAndTheSameCallIsCached() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let arguments =
            [
                "--db", path, "train", "--dataset", dataset, "--labels", "rs", "--p", "0.3", "--variant",
                "background",
            ]
            + Self.small
        let first = try MSDBProcess.run(arguments + ["--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let record = try JSONParser.parse(first.stdout)
        #expect(record["params"]?["labels"] == "rs")
        #expect(record["params"]?["ratio"] == 0.3)
        #expect(record["params"]?["variant"] == "background")
        let labelSet = try #require(record["inputs"]?["labels"]?.stringValue)
        #expect(record["inputs"]?["dataset"]?.stringValue == dataset)
        // The dataset, four label runs, the label set and the training.
        #expect(try runCount(path) == 7)
        let lineage = try MSDBProcess.run(["--db", path, "lineage", labelSet])
        #expect(lineage.status == 0, "\(lineage.stderr)")
        #expect(lineage.stdout.contains("label_set"), "\(lineage.stdout)")

        let second = try MSDBProcess.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.split(separator: "\n").last?.hasSuffix("(cached)") == true)
        #expect(try runCount(path) == 7)
    }

    @Test func deepLabV3TrainsOnAMultiClassSetAndABinaryModelIsRefusedThere() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let dataset = try scenes(in: path)
        let refused = try MSDBProcess.run([
            "--db", path, "train", "--dataset", dataset, "--width", "2", "--depth", "2", "--batch", "2",
        ])
        #expect(refused.status != 0)
        #expect(
            refused.stderr
                == "error: invalid dataset: 'scenes' is a multiclass set; unet trains on binary sets "
                + "(deeplabv3 on multi-class ones)\n")
        #expect(try runCount(path) == 1)
        let trained = try MSDBProcess.run([
            "--db", path, "train", "--dataset", dataset, "--model", "deeplabv3", "--width", "2", "--batch",
            "2",
            "--epochs", "1", "--labels", "rf", "--p", "0.5",
        ])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(
            trained.stdout.split(separator: "\n").last?.hasPrefix("test miou ") == true, "\(trained.stdout)")
        #expect(trained.stderr.contains("test miou"), "\(trained.stderr)")
    }

    @Test func colourImagesAreZScoredPerChannelUnlessTheNormalizationIsNamed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let dataset = try scenes(in: path)
        let train = [
            "--db", path, "train", "--dataset", dataset, "--model", "deeplabv3", "--width", "2", "--batch",
            "2",
            "--epochs", "1", "--json",
        ]
        let automatic = try MSDBProcess.run(train)
        #expect(automatic.status == 0, "\(automatic.stderr)")
        let channel = try JSONParser.parse(automatic.stdout)
        #expect(channel["params"]?["normalization"] == "channel")
        let named = try MSDBProcess.run(train + ["--normalization", "channel"])
        #expect(try JSONParser.parse(named.stdout)["id"] == channel["id"], "auto names the same run")
        #expect(try JSONParser.parse(named.stdout)["cached"] == true)
        let whole = try MSDBProcess.run(train + ["--normalization", "image"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let image = try JSONParser.parse(whole.stdout)
        #expect(image["params"]?["normalization"] == nil, "the whole-image rule leaves the key out")
        #expect(image["id"] != channel["id"])
        #expect(
            image["metrics"]?["miou"] != channel["metrics"]?["miou"] || image["outputs"] != channel["outputs"]
        )
    }
}
