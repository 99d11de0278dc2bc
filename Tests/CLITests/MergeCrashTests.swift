import ArtifactStore
import CanonicalJSON
import Foundation
import RandomStreams
import TestSupport
import Testing

/// `kill -9` against `msdb merge`: at random moments (drawn from a seeded stream) and inside the
/// transaction of the k-th run (the `merge.run` point of `TestStall`). After every kill the target
/// must pass `PRAGMA integrity_check` and `msdb verify`, hold everything it held before the kill,
/// and a second merge must end with exactly the content of an undisturbed merge.
///
/// Trials: `MSDB_CRASH_TRIALS` (default 6), seed `MSDB_CRASH_SEED` (default 11), as the campaign's.
@Suite(.serialized) struct MergeCrashTests {
    static var trials: Int {
        ProcessInfo.processInfo.environment["MSDB_CRASH_TRIALS"].flatMap { Int($0) }.map { max($0, 2) } ?? 6
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["MSDB_CRASH_SEED"].flatMap { UInt64($0) } ?? 11
    }

    @Test func killedMergesLeaveAConsistentTargetAndMergingAgainEndsAsAnUndisturbedMerge() throws {
        let directory = try TemporaryDirectory()
        let shards = try MergeFixtures.shards(in: directory)
        // The source: shards 0-2 and more trainings; the target starts as shard 3, whose runs a
        // kill must never lose.
        let source = directory.path("source.sqlite")
        #expect(try MSDBProcess.run(["--db", source, "merge"] + shards[0..<3]).status == 0)
        let zero = try MergeFixtures.dataset(source, seed: 0)
        for seed in 5..<9 { try MergeFixtures.train(source, dataset: zero, seed: seed) }
        let base = shards[3]
        let arrivals = try #require(
            try StoreFixtures.fetchInt(path: source, sql: "SELECT count(*) FROM runs WHERE status = 'done'"))

        let referencePath = directory.path("reference.sqlite")
        try DatabaseSnapshot.copyDatabase(from: base, to: referencePath)
        let started = Date()
        let undisturbed = try MSDBProcess.run(["--db", referencePath, "merge", source])
        let referenceSeconds = Date().timeIntervalSince(started)
        try #require(undisturbed.status == 0, "\(undisturbed.stderr)")
        let reference = try DatabaseDump.lines(path: referencePath)

        var stream = RandomStream(seed: Self.seed, stream: "merge-crash")
        var phases: [String: Int] = [:]
        for index in 0..<Self.trials {
            let trial = try TemporaryDirectory()
            let database = trial.path("db.sqlite")
            try DatabaseSnapshot.copyDatabase(from: base, to: database)
            let original = try DatabaseSnapshot(path: database)
            let arguments = ["--db", database, "merge", source]
            let label: String
            let before: DatabaseSnapshot
            let process: RunningMSDB
            if index % 2 == 1 {
                let arrival = Int.random(in: 1...arrivals, using: &stream)
                label = "trial \(index): inside merge.run:\(arrival)"
                process = try RunningMSDB(
                    arguments,
                    environment: [
                        "MSDB_TEST_STALL_AT": "merge.run:\(arrival)",
                        "MSDB_TEST_STALL_MARKER": trial.path("stalled"),
                    ],
                    scratch: trial.url, label: "killed")
                let reached = Self.waitFor(seconds: 120) {
                    FileManager.default.fileExists(atPath: trial.path("stalled")) || !process.isRunning
                }
                try #require(reached && process.isRunning, "\(label): not reached: \(process.outcome.stderr)")
                before = try DatabaseSnapshot(path: database)
                phases["inside a run's transaction", default: 0] += 1
            } else {
                let delay = Double.random(in: 0.01...max(0.05, referenceSeconds), using: &stream)
                label = "trial \(index): after \(String(format: "%.3f", delay)) s"
                process = try RunningMSDB(arguments, scratch: trial.url, label: "killed")
                _ = Self.waitFor(seconds: delay) { !process.isRunning }
                before = try DatabaseSnapshot(path: database)
                let merged = before.runs.count - original.runs.count
                phases[
                    !process.isRunning
                        ? "after the merge ended" : merged == 0 ? "before the first run" : "between runs",
                    default: 0] += 1
            }
            process.killAndWait()

            #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], "\(label)")
            let verify = try MSDBProcess.run(["--db", database, "verify"])
            #expect(verify.status == 0, "\(label): verify: \(verify.stdout) \(verify.stderr)")
            let after = try DatabaseSnapshot(path: database)
            if index % 2 == 1 { #expect(after == before, "\(label): the killed transaction left a trace") }
            // Nothing the target held is lost: its blobs, its runs' statuses, lineage and metrics.
            #expect(original.bytesLost(in: try Store(path: database)) == 0, "\(label)")
            #expect(original.runs.allSatisfy { after.runs[$0.key] == $0.value }, "\(label)")
            #expect(Set(original.lineage).isSubset(of: Set(after.lineage)), "\(label)")
            #expect(Set(original.metrics).isSubset(of: Set(after.metrics)), "\(label)")

            let rerun = try MSDBProcess.run(arguments)
            #expect(rerun.status == 0, "\(label): rerun: \(rerun.stderr)")
            #expect(
                try DatabaseDump.lines(path: database) == reference, "\(label): not the undisturbed content")
        }
        print(
            "merge crash campaign (seed \(Self.seed)): \(Self.trials) trials, kills: "
                + phases.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }

    /// Polls `done` every 10 ms for up to `seconds`; whether it became true.
    private static func waitFor(seconds: Double, _ done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if done() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return done()
    }
}
