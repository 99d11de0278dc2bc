import CanonicalJSON
import ChildProcesses
import Foundation
import TestSupport
import Testing

/// The batch scripts of `reproduce --executor slurm`, run by bash as a Slurm task would run them
/// (no Slurm needed): a task on an imported dataset pulls it from the target into its shard first.
@Suite struct SlurmScriptTests {
    @Test func anArrayTaskPullsTheImportedDatasetAndComputesItsRunIntoItsShard() throws {
        let directory = try TemporaryDirectory()
        let target = directory.path("target.sqlite")
        let voc = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../DatasetsTests/Fixtures/voc").standardized.path
        let imported = try MSDBProcess.run([
            "--db", target, "dataset", "import", voc, "--layout", "voc", "--pad-to", "64", "--json",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let dataset = try #require(try JSONParser.parse(imported.stdout)["id"]?.stringValue)
        let shards = directory.path("shards")
        let dryRun = try MSDBProcess.run([
            "--db", target, "reproduce", "--profile", "smoke", "--only", "table2", "--dataset",
            "scenes=\(dataset.prefix(12))", "--executor", "slurm", "--shards", shards, "--dry-run",
        ])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let script = try String(contentsOfFile: shards + "/array.sbatch", encoding: .utf8)
        #expect(script.contains(" pull \(target) --filter "), "\(script)")
        #expect(script.contains("--dataset scenes=\(dataset)"))

        // A work file left by an earlier job with this job id and task must not be used.
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: directory.path("msdb-4242-2.sqlite")))
        var environment = MSDBProcess.childEnvironment
        environment["SLURM_ARRAY_TASK_ID"] = "2"
        environment["SLURM_JOB_ID"] = "4242"
        environment["TMPDIR"] = directory.path("")
        environment["MSDB_DB"] = nil
        let task = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/bash"), arguments: [shards + "/array.sbatch"],
            environment: environment, standardOutput: .discard, standardError: .discard)
        #expect(task.wait() == 0)
        let shard = shards + "/shard-2.sqlite"
        let runs = try MSDBProcess.run(["--db", shard, "runs", "--json"])
        let kinds = try JSONParser.parse(runs.stdout).arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
        #expect(kinds.contains("dataset") && kinds.filter { $0 == "train" }.count == 1, "\(kinds)")
        let shown = try MSDBProcess.run(["--db", shard, "dataset", "stats", String(dataset.prefix(12))])
        #expect(shown.status == 0, "the imported set is in the shard: \(shown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("msdb-4242-2.sqlite")))
    }
}
