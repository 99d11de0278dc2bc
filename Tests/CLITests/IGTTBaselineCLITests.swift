import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// End-to-end: `msdb igtt` and `msdb baseline` through the built binary.
@Suite struct IGTTBaselineCLITests {
    private func database(in directory: TemporaryDirectory, kind: String = "er") throws -> (String, String) {
        let path = directory.path("db.sqlite")
        let synth = try MSDBProcess.run([
            "--db", path, "dataset", "synth", "--kind", kind, "--size", "32", "--train", "2", "--val", "0",
            "--test", "1", "--json",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        return (path, try #require(try JSONParser.parse(synth.stdout)["id"]?.stringValue))
    }

    private func runCount(_ path: String) throws -> Int? {
        try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM runs")
    }

    @Test func igttPrintsItsRunWithPseudoLabelsAndIsCachedOnASecondCall() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let arguments = [
            "--db", path, "igtt", "--dataset", String(dataset.prefix(10)), "--width", "2", "--depth", "2",
            "--epochs", "2", "--batch", "2", "--no-ems",
        ]
        let first = try MSDBProcess.run(arguments + ["--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let record = try JSONParser.parse(first.stdout)
        #expect(record["kind"] == "igtt")
        #expect(record["cached"] == false)
        #expect(record["params"]?["ems"] == "false")
        #expect(record["outputs"]?["pseudo/epoch-2/001"]?.stringValue?.count == 64)
        #expect(record["metrics"]?["dice"]?.doubleValue != nil)
        #expect(first.stderr.split(separator: "\n").last?.hasPrefix("igtt w/o ems: epoch 2/2") == true)
        let second = try MSDBProcess.run(arguments)
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix(record["id"]?.stringValue ?? "?"))
        #expect(second.stdout.contains("(cached)"))
    }

    @Test func baselinePrintsItsRunIdAndMetrics() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let otsu = try MSDBProcess.run(["--db", path, "baseline", "otsu", "--dataset", dataset, "--json"])
        #expect(otsu.status == 0, "\(otsu.stderr)")
        let record = try JSONParser.parse(otsu.stdout)
        #expect(record["kind"] == "baseline")
        #expect(record["params"]?["method"] == "otsu")
        #expect(record["seed"] == .null)
        #expect(record["outputs"]?["prediction/test/000"]?.stringValue?.count == 64)
        let dfc = try MSDBProcess.run([
            "--db", path, "baseline", "dfc", "--dataset", dataset, "--iterations", "2", "--channels", "4",
            "--seed", "3",
        ])
        #expect(dfc.status == 0, "\(dfc.stderr)")
        #expect(dfc.stdout.split(separator: "\n").first?.count == 64)
        #expect(dfc.stdout.contains("test dice "))
    }

    @Test(arguments: [
        (["baseline", "kmeans"], "error: unknown option '--dataset'"),
        (["baseline", "otsu", "--mu", "2"], "error: unknown option '--mu'"),
        (["baseline", "agt", "--block", "24"], "error: invalid block: must be odd and ≥ 3, got 24"),
        (["igtt", "--epochs=-1"], "error: invalid epochs: must be ≥ 1, got -1"),
        (["igtt", "--ems-fraction", "1.5"], "error: invalid ems fraction: must be in [0, 1], got 1.5"),
        (
            ["igtt", "--soft-iou", "squared"],
            "error: the value 'squared' is invalid for '--soft-iou <soft-iou>'. Please provide one of 'paper' and 'official'."
        ),
    ])
    func badOptionsPrintOneErrorLineAndRecordNothing(arguments: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory)
        let result = try MSDBProcess.run(["--db", path] + arguments + ["--dataset", dataset])
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix(message) == true, "\(result.stderr)")
        #expect(try runCount(path) == 1, "only the dataset")
    }

    @Test func aMultiClassSetIsRefused() throws {
        let directory = try TemporaryDirectory()
        let (path, dataset) = try database(in: directory, kind: "scenes")
        for command in [["igtt", "--depth", "2", "--batch", "1"], ["baseline", "otsu"]] {
            let result = try MSDBProcess.run(["--db", path] + command + ["--dataset", dataset])
            #expect(result.status == 1)
            #expect(
                result.stderr.hasPrefix("error: invalid dataset: 'scenes' is a multiclass set"),
                "\(result.stderr)")
        }
        #expect(try runCount(path) == 1)
    }
}
