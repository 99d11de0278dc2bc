import CanonicalJSON
import ChildProcesses
import Foundation
import TestSupport
import Testing

/// Whether a Slurm to submit to is running (`.ci/slurm.sh start` exports its configuration).
private let slurmIsUp = ProcessInfo.processInfo.environment["SLURM_CONF"] != nil

/// `reproduce --executor slurm` on a real one-node Slurm (`.ci/slurm.sh` starts one and exports
/// `SLURM_CONF`; without it these tests do not run): the smoke profile through an array of shard
/// databases and a merge job gives byte for byte the reports of a local run, and a cancelled task
/// is resubmitted alone by running the same command again.
@Suite(.serialized, .enabled(if: slurmIsUp)) struct SlurmCLITests {
    /// Runs a Slurm client command and returns its stdout.
    @discardableResult
    static func slurm(_ command: String, _ arguments: [String]) throws -> String {
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [command] + arguments,
            standardError: .inherit)
        let data = child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile()
        child.wait()
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until job `id` (all of an array's tasks) has left the queue.
    static func waitForJob(_ id: String, timeout: TimeInterval = 600) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let queued = try slurm("squeue", ["--noheader", "--jobs=\(id)", "--format=%i"])
            if queued.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("job \(id) still queued after \(timeout) s")
    }

    @Test func smokeThroughSlurmMatchesALocalRunAndACancelledTaskIsResubmittedAlone() throws {
        let directory = try TemporaryDirectory()
        let local = try MSDBProcess.run([
            "--db", directory.path("local.sqlite"), "reproduce", "--profile", "smoke", "--out",
            directory.path("local"),
        ])
        #expect(local.status == 0, "\(local.stderr)")

        let submit = [
            "--db", directory.path("target.sqlite"), "reproduce", "--profile", "smoke", "--executor", "slurm",
            "--shards", directory.path("shards"), "--out", directory.path("slurm"), "--array-limit", "2",
            "--cpus-per-task", "1", "--time", "00:20:00", "--json",
        ]
        let first = try MSDBProcess.run(submit)
        #expect(first.status == 0, "\(first.stderr)")
        let submitted = try JSONParser.parse(first.stdout)
        let arrayJob = try #require(submitted["array_job"]?.stringValue)
        let mergeJob = try #require(submitted["merge_job"]?.stringValue)
        let runs = try #require(submitted["runs"]?.integerValue)
        #expect(submitted["positions"]?.stringValue == "1-\(runs)")
        // The array runs 2 tasks at a time, so its last task is still pending: cancel it.
        try Self.slurm("scancel", ["\(arrayJob)_\(runs)"])
        try Self.waitForJob(arrayJob)
        #expect(!FileManager.default.fileExists(atPath: directory.path("slurm/index.html")))
        // The merge job can never start now; the second call withdraws it and resubmits run `runs`.
        let second = try MSDBProcess.run(submit)
        #expect(second.status == 0, "\(second.stderr)")
        let resubmitted = try JSONParser.parse(second.stdout)
        #expect(resubmitted["positions"]?.stringValue == "\(runs)")
        #expect(resubmitted["resubmitted"]?.arrayValue?.first?["task"]?.stringValue == "\(arrayJob)_\(runs)")
        #expect(resubmitted["recorded"]?.arrayValue?.count == Int(runs) - 1)
        let secondMerge = try #require(resubmitted["merge_job"]?.stringValue)
        try Self.waitForJob(mergeJob)
        try Self.waitForJob(secondMerge)

        let log = try String(
            contentsOfFile: directory.path("shards/logs/merge-\(secondMerge).log"), encoding: .utf8)
        let reports = try DirectoryContents.read(directory.path("slurm"))
        let expected = try DirectoryContents.read(directory.path("local"))
        #expect(reports.keys.sorted() == expected.keys.sorted(), "\(log)")
        for (name, bytes) in expected { #expect(reports[name] == bytes, "\(name) differs") }
    }

    @Test func aTaskKilledWhileTrainingLeavesItsShardAndItsResubmissionResumesFromIt() throws {
        let directory = try TemporaryDirectory()
        let marker = directory.path("stalled")
        let submit = [
            "--db", directory.path("target.sqlite"), "reproduce", "--profile", "smoke", "--only", "fig5",
            "--executor", "slurm", "--shards", directory.path("shards"), "--out", directory.path("slurm"),
            "--array-limit", "1", "--cpus-per-task", "1", "--json",
        ]
        // sbatch passes the environment on: task 1 stalls while completing its training run (its
        // dataset is the first completion, the training run the second), after its checkpoints.
        let first = try MSDBProcess.run(
            submit, environment: ["MSDB_TEST_STALL_AT": "complete:2", "MSDB_TEST_STALL_MARKER": marker])
        #expect(first.status == 0, "\(first.stderr)")
        let arrayJob = try #require(try JSONParser.parse(first.stdout)["array_job"]?.stringValue)
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(FileManager.default.fileExists(atPath: marker), "task 1 never reached its training run's end")
        try Self.slurm("scancel", [arrayJob])
        try Self.waitForJob(arrayJob)
        // The killed task's database came back as its shard: a running training run with checkpoints.
        // (The task's EXIT trap copies it into place as the task ends; a missing shard fails here with
        // the task's log instead of an empty file made by opening it.)
        let shard = directory.path("shards/shard-1.sqlite")
        let shardDeadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: shard) && Date() < shardDeadline {
            Thread.sleep(forTimeInterval: 0.2)
        }
        let taskLog =
            (try? String(contentsOfFile: directory.path("shards/logs/task-1.log"), encoding: .utf8)) ?? ""
        let queue = (try? Self.slurm("squeue", ["--jobs=\(arrayJob)"])) ?? ""
        try #require(
            FileManager.default.fileExists(atPath: shard),
            "task 1 left no shard; squeue: \(queue); log: \(taskLog)")
        #expect(
            try StoreFixtures.fetchInt(
                path: shard, sql: "SELECT count(*) FROM runs WHERE kind = 'train' AND status = 'running'")
                == 1,
            "marker: \((try? String(contentsOfFile: marker, encoding: .utf8)) ?? "none"); log: \(taskLog)")
        #expect(
            (try StoreFixtures.fetchInt(
                path: shard, sql: "SELECT count(*) FROM lineage WHERE role LIKE 'checkpoint/epoch-%'") ?? 0)
                >= 1)

        let second = try MSDBProcess.run(submit)
        #expect(second.status == 0, "\(second.stderr)")
        let resubmitted = try JSONParser.parse(second.stdout)
        #expect(resubmitted["positions"]?.stringValue == "1-8")
        try Self.waitForJob(try #require(resubmitted["merge_job"]?.stringValue))
        // The new task 1 found both epochs' checkpoints: it trained no epoch again.
        let log = try String(contentsOfFile: directory.path("shards/logs/task-1.log"), encoding: .utf8)
        #expect(log.contains("[1/8]") && !log.contains("epoch 1/2"), "\(log)")
        let local = try MSDBProcess.run([
            "--db", directory.path("local.sqlite"), "reproduce", "--profile", "smoke", "--only", "fig5",
            "--out",
            directory.path("local"),
        ])
        #expect(local.status == 0, "\(local.stderr)")
        let expected = try DirectoryContents.read(directory.path("local"))
        let reports = try DirectoryContents.read(directory.path("slurm"))
        #expect(reports.keys.sorted() == expected.keys.sorted())
        for (name, bytes) in expected { #expect(reports[name] == bytes, "\(name) differs") }
    }
}
