import ArtifactStore
import CanonicalJSON
import ChildProcesses
import Foundation
import TestSupport
import Testing

/// A database on a disk that fills up during a run, and on a file system that turns read-only
/// before an interrupted run is resumed (a tmpfs mounted for the test: needs root; the suite says
/// it skipped, and why, where mounting is not permitted). Either way the command stops with one
/// `error:` line that names the cause, the file stays sound with everything committed before, and
/// once the disk has room (or is writable) again the same command ends with the undisturbed ids.
///
/// A process's file-size limit (`ulimit -f`, RLIMIT_FSIZE) needs no privilege and is tested
/// everywhere: SQLite sees a short write or EFBIG where a full disk gives ENOSPC.
@Suite(.serialized) struct FullDiskTests {
    static let tmpfsSkip = "skipped: \(TmpfsMount.unavailableReason ?? "")"

    /// A tiny set in a fresh database, the `train` arguments for it, and an undisturbed run.
    private struct Setup {
        let directory: TemporaryDirectory
        let base: String
        let arguments: (String) -> [String]
        let reference: DatabaseSnapshot
        /// How much the undisturbed run grew the database file.
        let growth: Int
    }

    private func setup() throws -> Setup {
        let directory = try TemporaryDirectory()
        let base = directory.path("base.sqlite")
        let synth = try MSDBProcess.run([
            "--db", base, "dataset", "synth", "--kind", "er", "--size", "64", "--train", "4", "--val", "1",
            "--test", "2", "--json",
        ])
        try #require(synth.status == 0, "\(synth.stderr)")
        let dataset = try #require(try JSONParser.parse(synth.stdout)["id"]?.stringValue)
        let arguments = { (database: String) in
            [
                "--db", database, "train", "--dataset", dataset, "--width", "4", "--depth", "2", "--epochs",
                "4", "--batch", "2", "--labels", "rf", "--p", "0.3", "--seed", "5", "--json",
            ]
        }
        // The noisy labels depend on the seed, not the epochs: a one-epoch run leaves them in the
        // base, so the run under test writes checkpoints and results only.
        var labels = arguments(base)
        labels[labels.firstIndex(of: "--epochs").map { $0 + 1 } ?? 0] = "1"
        let labelRun = try MSDBProcess.run(labels)
        try #require(labelRun.status == 0, "\(labelRun.stderr)")
        // Sizes are compared with every write-ahead log folded into its database: a log left by an
        // exiting process holds whatever the last checkpoint had not reached, so its size depends
        // on timing (under load it made the measured growth tiny or negative).
        try DatabaseSnapshot.checkpoint(path: base)
        let referencePath = directory.path("reference.sqlite")
        try DatabaseSnapshot.copyDatabase(from: base, to: referencePath)
        let reference = try MSDBProcess.run(arguments(referencePath))
        try #require(reference.status == 0, "\(reference.stderr)")
        try DatabaseSnapshot.checkpoint(path: referencePath)
        let growth = try Self.size(referencePath) - Self.size(base)
        try #require(growth >= 64 << 10, "the undisturbed run grew the database by \(growth) bytes only")
        print("full disk: the undisturbed run grew the database by \(growth) bytes")
        return Setup(
            directory: directory, base: base, arguments: arguments,
            reference: try DatabaseSnapshot(path: referencePath), growth: growth)
    }

    @Test(.enabled(if: TmpfsMount.unavailableReason == nil, Comment(rawValue: tmpfsSkip)))
    func aDiskThatFillsUpMidRunStopsWithOneLineKeepsEverythingAndTheRunResumesOnceFreed() throws {
        let setup = try setup()
        let disk = try TmpfsMount(in: setup.directory.url, bytes: 64 << 20)
        let database = disk.path("db.sqlite")
        try DatabaseSnapshot.copyDatabase(from: setup.base, to: database)
        // Leave room for about half of what the run writes, so it fails during training.
        let filler = disk.path("filler")
        let fillerSize = disk.freeBytes - setup.growth / 2
        try Data(count: max(fillerSize, 0)).write(to: URL(fileURLWithPath: filler))
        try #require(disk.freeBytes < setup.growth, "free \(disk.freeBytes), the run writes \(setup.growth)")
        let before = try DatabaseSnapshot(path: database)

        let full = try MSDBProcess.run(setup.arguments(database))
        #expect(full.status != 0)
        let lines = full.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(full.stderr)")
        #expect(lines.first?.contains("no space left") == true, "\(full.stderr)")
        #expect(!full.stderr.contains("SQLite error"), "\(full.stderr)")
        #expect(full.stderr.contains("epoch 1/4"), "the disk filled up before training: \(full.stderr)")
        print("full disk: \(lines.first ?? "")")
        try checkIntact(database, before: before)

        try FileManager.default.removeItem(atPath: filler)
        try expectResumes(database, setup: setup)
    }

    @Test(.enabled(if: TmpfsMount.unavailableReason == nil, Comment(rawValue: tmpfsSkip)))
    func aFileSystemTurnedReadOnlyBeforeTheResumeStopsWithOneLineAndChangesNothing() throws {
        let setup = try setup()
        let disk = try TmpfsMount(in: setup.directory.url, bytes: 64 << 20)
        let database = disk.path("db.sqlite")
        try DatabaseSnapshot.copyDatabase(from: setup.base, to: database)
        // Interrupt the run after its second checkpoint, inside the transaction that stores it.
        let marker = setup.directory.path("stalled")
        let process = try RunningMSDB(
            setup.arguments(database),
            environment: ["MSDB_TEST_STALL_AT": "blob.checkpoint:2", "MSDB_TEST_STALL_MARKER": marker],
            scratch: setup.directory.url, label: "stalled")
        while !FileManager.default.fileExists(atPath: marker) && process.isRunning {
            Thread.sleep(forTimeInterval: 0.02)
        }
        try #require(process.isRunning, "\(process.outcome.stderr)")
        // Linux refuses to make a file system read-only while a process holds a file on it open
        // for writing, so a live msdb never sees its database turn read-only under it.
        #expect(disk.remount(readOnly: true) != 0, "the kernel made a file system in use read-only")
        process.killAndWait()
        let before = try DatabaseSnapshot(path: database)
        #expect(!before.unfinished.isEmpty, "the killed run left no claim to resume")
        try #require(disk.remount(readOnly: true) == 0)

        let readOnly = try MSDBProcess.run(setup.arguments(database))
        #expect(readOnly.status != 0)
        let lines = readOnly.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(readOnly.stderr)")
        #expect(lines.first?.contains("read-only") == true, "\(readOnly.stderr)")
        print("read-only: \(lines.first ?? "")")
        let verify = try MSDBProcess.run(["--db", database, "verify"])
        #expect(verify.status == 0, "reading commands work on a read-only file system: \(verify.stderr)")

        try #require(disk.remount(readOnly: false) == 0)
        #expect(try DatabaseSnapshot(path: database) == before, "the read-only attempt changed the file")
        try checkIntact(database, before: before)
        try expectResumes(database, setup: setup)
    }

    @Test func aFileSizeLimitReachedMidRunStopsWithOneLineKeepsEverythingAndTheRunResumesWithout() throws {
        let setup = try setup()
        let database = setup.directory.path("limited.sqlite")
        try DatabaseSnapshot.copyDatabase(from: setup.base, to: database)
        let before = try DatabaseSnapshot(path: database)
        // The write-ahead log may grow to about half of what the run writes (bash counts KiB);
        // SIGXFSZ is ignored so that the write fails instead of killing the process.
        let kibibytes = max(setup.growth / 2, try Self.size(database)) / 1024
        let errorFile = setup.directory.url.appending(path: "limited.stderr")
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/bash"),
            arguments: [
                "-c", "ulimit -f \(kibibytes); trap '' XFSZ; exec \"$0\" \"$@\"", MSDBProcess.executable.path,
            ]
                + setup.arguments(database),
            environment: MSDBProcess.childEnvironment, standardOutput: .discard,
            standardError: .file(errorFile))
        let status = child.wait()
        let stderr = String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        #expect(status != 0, "\(stderr)")
        let lines = stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1, "\(stderr)")
        #expect(lines.first?.contains("no space left") == true, "\(stderr)")
        #expect(stderr.contains("epoch 1/4"), "the limit was reached before training: \(stderr)")
        try checkIntact(database, before: before)
        try expectResumes(database, setup: setup)
    }

    /// The file is sound and holds every blob and run it held before, unchanged.
    private func checkIntact(
        _ database: String, before: DatabaseSnapshot, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], sourceLocation: sourceLocation)
        let after = try DatabaseSnapshot(path: database)
        for (id, status) in before.runs where status == "done" {
            #expect(after.runs[id] == "done", "run \(id) lost", sourceLocation: sourceLocation)
        }
        #expect(before.bytesLost(in: try Store(path: database)) == 0, sourceLocation: sourceLocation)
    }

    /// The same command now completes with the undisturbed run's runs, output ids and metrics.
    private func expectResumes(
        _ database: String, setup: Setup, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let rerun = try MSDBProcess.run(setup.arguments(database))
        #expect(rerun.status == 0, "\(rerun.stderr)", sourceLocation: sourceLocation)
        let final = try DatabaseSnapshot(path: database)
        #expect(final.unfinished.isEmpty, sourceLocation: sourceLocation)
        #expect(final.runs == setup.reference.runs, sourceLocation: sourceLocation)
        #expect(final.lineage == setup.reference.lineage, sourceLocation: sourceLocation)
        #expect(final.metrics == setup.reference.metrics, sourceLocation: sourceLocation)
        #expect(try Store(path: database).verify().isHealthy, sourceLocation: sourceLocation)
    }

    /// The bytes of a database file and its write-ahead log.
    private static func size(_ path: String) throws -> Int {
        try [path, path + "-wal"].reduce(0) { total, file in
            guard FileManager.default.fileExists(atPath: file) else { return total }
            return try total + (FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0)
        }
    }
}
