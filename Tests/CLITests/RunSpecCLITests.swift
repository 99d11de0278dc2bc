import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// End-to-end: `msdb run SPEC.json` and `msdb audit` through the built binary.
@Suite struct RunSpecCLITests {
    @Test func aRecordedSpecRunsAgainFromTheDatabaseAndAuditsIdentical() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let spec = """
            {"kind": "dataset", "seed": 0, "params": {"source": "synthetic", "generator": "er",
             "image_size": 32, "train": 4, "val": 0, "test": 2, "name": "er"}}
            """
        try Data(spec.utf8).write(to: URL(fileURLWithPath: directory.path("dataset.json")))
        let made = try MSDBProcess.run(["--db", db, "run", directory.path("dataset.json"), "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let dataset = try #require(try JSONParser.parse(made.stdout)["outputs"]?["manifest"]?.stringValue)

        let train = """
            {"kind": "train", "seed": 1, "inputs": {"dataset": "\(dataset)"}, "params": {"model": "unet",
             "width": 2, "depth": 2, "epochs": 1, "batch": 2, "lr": 0.05, "momentum": 0.9, "weight_decay": 0.001,
             "lr_step": 20, "lr_factor": 0.1, "labels": "cl", "threshold_rule": "sigmoid>0.5"}}
            """
        try Data(train.utf8).write(to: URL(fileURLWithPath: directory.path("train.json")))
        let first = try MSDBProcess.run(["--db", db, "run", directory.path("train.json")])
        #expect(first.status == 0, "\(first.stderr)")
        let id = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let second = try MSDBProcess.run(["--db", db, "run", directory.path("train.json")])
        #expect(second.stdout.contains("\(id) (from the database)"))

        // The spec `show --json` prints is itself runnable and names the same run.
        let shown = try MSDBProcess.run(["--db", db, "show", id, "--json"])
        let recorded = try #require(try JSONParser.parse(shown.stdout)["spec"])
        try Data(recorded.canonicalText.utf8).write(to: URL(fileURLWithPath: directory.path("shown.json")))
        let again = try MSDBProcess.run(["--db", db, "run", directory.path("shown.json")])
        #expect(again.stdout.contains("\(id) (from the database)"), "\(again.stderr)")

        let audit = try MSDBProcess.run(["--db", db, "audit", "--all", "--json"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        let findings = try #require(try JSONParser.parse(audit.stdout).arrayValue)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0["identical"] == true })
    }

    @Test(arguments: [
        (#"{"kind": "train", "params": {"epochs": -1}}"#, "error: "),
        (#"{"kind": "dataset", "params": {}, "bogus": 1}"#, "bogus"),
        ("not json", "error: "),
    ])
    func aBadSpecIsOneErrorLineAndRecordsNothing(text: String, mentioned: String) throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory.path("spec.json")))
        let outcome = try MSDBProcess.run(["--db", db, "run", directory.path("spec.json")])
        #expect(outcome.status != 0)
        #expect(
            outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains(mentioned), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        if FileManager.default.fileExists(atPath: db) {
            #expect(try StoreFixtures.fetchInt(path: db, sql: "SELECT count(*) FROM runs") == 0)
        }
    }
}
