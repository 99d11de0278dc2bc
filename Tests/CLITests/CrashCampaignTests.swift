import ArtifactStore
import CanonicalJSON
import Foundation
import NumericCore
import RandomStreams
import TestSupport
import Testing

/// `kill -9` against the real binary, in the style of SQLite's crash tests: `msdb train` and
/// `msdb reproduce --profile smoke` are killed at random moments (drawn from a seeded stream) and
/// at named moments inside transactions (the `MSDB_TEST_STALL_AT` hook, see `TestStall`). After
/// every kill the database must pass `PRAGMA integrity_check` and `msdb verify`, hold every blob it
/// held before the kill, byte for byte, and a rerun must take the dead claim over at once and end
/// with exactly the runs, output ids, metrics (and report bytes) of an undisturbed run.
///
/// Trials: `MSDB_CRASH_TRIALS` (default 4; `.ci/run` sets 20), seed `MSDB_CRASH_SEED` (default 11).
@Suite(.serialized) struct CrashCampaignTests {
    static var trials: Int {
        ProcessInfo.processInfo.environment["MSDB_CRASH_TRIALS"].flatMap { Int($0) }.map { max($0, 1) } ?? 4
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["MSDB_CRASH_SEED"].flatMap { UInt64($0) } ?? 11
    }

    /// A command to kill and what an undisturbed run of it leaves.
    struct Workload {
        let name: String
        /// A database file to start from (copied for each trial), or nil to start empty.
        let base: String?
        let arguments: (_ database: String, _ out: String) -> [String]
        /// Named points with the arrivals to stall at (each reached at least that often).
        let stallPoints: [(point: String, arrivals: ClosedRange<Int>)]
        var reference = DatabaseSnapshot()
        var referenceFiles: [String: Data] = [:]
        var referenceSeconds = 1.0

        func prepare(_ database: String) throws {
            guard let base else { return }
            try DatabaseSnapshot.copyDatabase(from: base, to: database)
        }
    }

    /// What the campaign counted.
    struct Tally {
        var trials = 0
        var phases: [String: Int] = [:]
        var bytesLost = 0
        var blobsChecked = 0
    }

    @Test func killedTrainingAndReproduceRunsLoseNothingAndResumeToTheUndisturbedResult() throws {
        let directory = try TemporaryDirectory()
        var workloads = [
            try trainWorkload(in: directory),
            // Each range ends at how often the undisturbed run reaches the point: fig4+6 from empty
            // completes 15 runs and stores 9 new labels (two of its 10 label runs give the same bytes).
            reproduceWorkload(
                only: "fig4,fig6",
                stallPoints: [
                    ("complete", 1...15), ("blob.kde", 1...3), ("claim", 1...15), ("blob.label", 1...9),
                ]),
            reproduceWorkload(
                only: "table2",
                stallPoints: [
                    ("blob.checkpoint", 1...14), ("complete", 1...38), ("attach", 1...14), ("claim", 1...38),
                ]),
        ]
        // Pairs of trials (a random kill, then a stall) go to train, fig4+6, train, table2, train,
        // fig4+6, ... (table2, the slowest, takes one pair in four at most, one in 20 trials).
        let schedule = [0, 1, 0, 2, 0, 1, 0, 1]
        let pairs = (Self.trials + 1) / 2
        for index in workloads.indices where schedule.prefix(pairs).contains(index) {
            try record(&workloads[index], in: directory)
        }
        var stream = RandomStream(seed: Self.seed, stream: "crash-campaign")
        var tally = Tally()
        var stalls: [String: Int] = [:]
        let started = Date()
        for index in 0..<Self.trials {
            let workload = workloads[schedule[(index / 2) % schedule.count]]
            var stall: (point: String, arrival: Int)?
            if index % 2 == 1 {
                let choice = workload.stallPoints[
                    stalls[workload.name, default: 0] % workload.stallPoints.count]
                stalls[workload.name, default: 0] += 1
                stall = (choice.point, Int.random(in: choice.arrivals, using: &stream))
            }
            try trial(index, workload: workload, stall: stall, stream: &stream, tally: &tally)
        }
        let phases = tally.phases.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        print(
            "crash campaign (seed \(Self.seed)): \(tally.trials) trials survived in "
                + String(format: "%.0f s", Date().timeIntervalSince(started)) + "; kills by phase: "
                + phases.joined(separator: ", ")
                + "; \(tally.blobsChecked) blobs re-read after kills, \(tally.bytesLost) bytes lost")
        #expect(tally.trials == Self.trials)
        #expect(tally.bytesLost == 0)
    }

    /// Training with noisy labels on a tiny set: four label runs, a label set, then four epochs,
    /// each with its checkpoint.
    private func trainWorkload(in directory: TemporaryDirectory) throws -> Workload {
        let base = directory.path("base.sqlite")
        let synth = try MSDBProcess.run([
            "--db", base, "dataset", "synth", "--kind", "er", "--size", "64", "--train", "4", "--val", "1",
            "--test", "2", "--json",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        let dataset = try #require(try JSONParser.parse(synth.stdout)["id"]?.stringValue)
        return Workload(
            name: "train", base: base,
            arguments: { database, _ in
                [
                    "--db", database, "train", "--dataset", dataset, "--width", "4", "--depth", "2",
                    "--epochs", "4", "--batch", "2", "--labels", "rf", "--p", "0.3", "--seed", "3",
                    "--json",
                ]
            },
            stallPoints: [
                ("blob.checkpoint", 1...4), ("complete", 1...6), ("attach", 1...4), ("claim", 1...6),
            ])
    }

    /// Part of the smoke profile from an empty database.
    private func reproduceWorkload(
        only: String, stallPoints: [(point: String, arrivals: ClosedRange<Int>)]
    ) -> Workload {
        Workload(
            name: "reproduce \(only)", base: nil,
            arguments: { database, out in
                [
                    // One process: the kills and stall points are this process's (--jobs has its own test).
                    "--db", database, "reproduce", "--profile", "smoke", "--only", only, "--threads", "1",
                    "--jobs", "1", "--out", out, "--json",
                ]
            },
            stallPoints: stallPoints)
    }

    /// Runs the workload undisturbed once: what every trial must end with.
    private func record(_ workload: inout Workload, in directory: TemporaryDirectory) throws {
        let database = directory.path("reference-\(workload.name).sqlite")
        let out = directory.path("reference-\(workload.name)")
        try workload.prepare(database)
        let started = Date()
        let outcome = try MSDBProcess.run(workload.arguments(database, out))
        workload.referenceSeconds = Date().timeIntervalSince(started)
        try #require(outcome.status == 0, "reference \(workload.name): \(outcome.stderr)")
        workload.reference = try DatabaseSnapshot(path: database)
        workload.referenceFiles = try Self.files(in: out)
    }

    private func trial(
        _ index: Int, workload: Workload, stall: (point: String, arrival: Int)?,
        stream: inout RandomStream, tally: inout Tally
    ) throws {
        let label = "trial \(index) (seed \(Self.seed), \(workload.name)"
        var environment: [String: String] = [:]
        if let stall {
            environment["MSDB_TEST_STALL_AT"] = "\(stall.point):\(stall.arrival)"
        }
        // A fresh copy of the workload's start, and the process on it.
        func launch() throws -> (TemporaryDirectory, RunningMSDB) {
            let directory = try TemporaryDirectory()
            try workload.prepare(directory.path("db.sqlite"))
            var environment = environment
            if stall != nil { environment["MSDB_TEST_STALL_MARKER"] = directory.path("stalled") }
            let process = try RunningMSDB(
                workload.arguments(directory.path("db.sqlite"), directory.path("out")),
                environment: environment, scratch: directory.url, label: "killed")
            return (directory, process)
        }
        var (directory, process) = try launch()
        let before: DatabaseSnapshot
        let phase: String
        if let stall {
            let marker = directory.path("stalled")
            let reached = Self.waitFor(seconds: 300) {
                FileManager.default.fileExists(atPath: marker) || !process.isRunning
            }
            try #require(
                reached && process.isRunning,
                "\(label), stall at \(stall.point):\(stall.arrival)): not reached: \(process.outcome.stderr)")
            before = try DatabaseSnapshot(path: directory.path("db.sqlite"))
            phase = "\(workload.name) inside \(stall.point)"
        } else {
            var latest = max(0.1, 0.9 * workload.referenceSeconds)
            for attempt in 1...4 {
                let started = Date()
                let delay = Double.random(in: 0.05...latest, using: &stream)
                _ = Self.waitFor(seconds: delay) { !process.isRunning }
                if process.isRunning || attempt == 4 { break }
                // It finished before the moment came: start again with an earlier moment.
                latest = max(0.1, 0.8 * Date().timeIntervalSince(started))
                (directory, process) = try launch()
            }
            before = (try? DatabaseSnapshot(path: directory.path("db.sqlite"))) ?? DatabaseSnapshot()
            phase = "\(workload.name) at random, " + Self.phase(of: before, exited: !process.isRunning)
        }
        let database = directory.path("db.sqlite")
        let out = directory.path("out")
        process.killAndWait()
        let context = "\(label), \(phase))"

        // Right after the kill: a sound file, every earlier blob intact, nothing half-committed.
        // A random kill can land before the process created the file: then there is nothing to check.
        var lost = 0
        if stall != nil || FileManager.default.fileExists(atPath: database) {
            #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], "\(context)")
            let verify = try MSDBProcess.run(["--db", database, "verify"])
            #expect(verify.status == 0, "\(context): verify: \(verify.stdout) \(verify.stderr)")
            let after = try DatabaseSnapshot(path: database)
            if stall != nil {
                #expect(after == before, "\(context): the stalled transaction left a trace")
            }
            lost = before.bytesLost(in: try Store(path: database))
            #expect(lost == 0, "\(context): \(lost) bytes lost")
        }

        // The rerun takes the dead claim over at once and ends where an undisturbed run ends.
        let rerun = try MSDBProcess.run(workload.arguments(database, out))
        #expect(rerun.status == 0, "\(context): rerun: \(rerun.stderr)")
        #expect(!rerun.stderr.contains("waiting for"), "\(context): waited for a dead claim: \(rerun.stderr)")
        let final = try DatabaseSnapshot(path: database)
        #expect(final.unfinished.isEmpty, "\(context): runs left unfinished: \(final.unfinished)")
        #expect(final.runs == workload.reference.runs, "\(context): other runs than the reference")
        #expect(
            final.lineage == workload.reference.lineage, "\(context): other output ids than the reference")
        #expect(final.metrics == workload.reference.metrics, "\(context): other metrics than the reference")
        #expect(
            Set(workload.reference.blobs.keys).isSubset(of: Set(final.blobs.keys)),
            "\(context): reference blobs missing")
        // Every file, partial ones included: the rerun removes a killed writer's partial file.
        let written = try Self.files(in: out)
        #expect(
            written == workload.referenceFiles, "\(context): other report files: \(written.keys.sorted())")
        #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], "\(context): after the rerun")

        tally.trials += 1
        tally.phases[phase, default: 0] += 1
        tally.bytesLost += lost
        tally.blobsChecked += before.blobs.count
    }

    /// Where a random kill landed, from what the database held just before it.
    private static func phase(of snapshot: DatabaseSnapshot, exited: Bool) -> String {
        if exited { return "after the process finished" }
        if snapshot.runs.isEmpty { return "before the first run" }
        guard let running = snapshot.unfinished.keys.first else { return "between runs" }
        let checkpoints = snapshot.lineage.filter { $0.hasPrefix(running + " output checkpoint/") }
        return checkpoints.isEmpty ? "mid-run before a checkpoint" : "mid-run after a checkpoint"
    }

    /// Polls `done` every 20 ms for up to `seconds`; whether it became true.
    private static func waitFor(seconds: Double, _ done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if done() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return done()
    }

    /// The files of a report directory by name (empty when it does not exist).
    static func files(in directory: String) throws -> [String: Data] {
        guard FileManager.default.fileExists(atPath: directory) else { return [:] }
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appending(path: name))
        }
        return result
    }
}
