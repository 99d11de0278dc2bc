import ArtifactStore
import CanonicalJSON
import ChildProcesses
import Foundation
import NumericCore
import RandomStreams
import Runs
import TestSupport
import Testing

@Suite struct ExecutorTests {
    private func checkpoint(_ epoch: Int) -> ProducedArtifact {
        ProducedArtifact(kind: .checkpoint, bytes: Data("weights after epoch \(epoch)".utf8))
    }

    @Test func aJobThatFailsKeepsItsCheckpointsAndTheNextAttemptResumesFromThem() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .train, params: ["epochs": 3], seed: 1)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try Executor(store: store).run(spec) { context in
                try context.checkpoint(role: "checkpoint/epoch-1", artifact: checkpoint(1))
                throw Interrupted()
            }
        }
        let failed = try #require(try store.run(spec.id))
        #expect(failed.status == .failed)
        #expect(failed.outputs.keys.sorted() == ["checkpoint/epoch-1"])

        var resumedFrom: [String] = []
        let outcome = try Executor(store: store).run(spec) { context in
            resumedFrom = context.previous?.outputs.keys.sorted() ?? []
            for epoch in 2...3 {
                try context.checkpoint(role: "checkpoint/epoch-\(epoch)", artifact: checkpoint(epoch))
            }
            return RunProduct(artifacts: ["final": checkpoint(3)], metrics: ["dice": 0.8])
        }
        #expect(resumedFrom == ["checkpoint/epoch-1"])
        #expect(
            outcome.outputs.keys.sorted() == [
                "checkpoint/epoch-1", "checkpoint/epoch-2", "checkpoint/epoch-3", "final",
            ])
        #expect(try store.run(spec.id)?.status == .done)
    }

    @Test func aCompletionTheStoreRefusesLeavesTheRunFailedNotRunningWithItsCheckpoints() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .train, params: ["epochs": 1], seed: 2)
        // A NaN metric is refused by the metrics table (NOT NULL), so the completion rolls back.
        #expect(throws: (any Error).self) {
            try Executor(store: store).run(spec) { context in
                try context.checkpoint(role: "checkpoint/epoch-1", artifact: checkpoint(1))
                return RunProduct(artifacts: [:], metrics: ["dice": .nan])
            }
        }
        let record = try #require(try store.run(spec.id))
        #expect(record.status == .failed)
        #expect(record.error?.hasPrefix("recording the finished run failed") == true, "\(record.error ?? "")")
        #expect(record.outputs.keys.sorted() == ["checkpoint/epoch-1"])
    }

    @Test func releasedCheckpointsLeaveTheFinishedRunAndTheStoreUnlessReferencedElsewhere() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        // Epoch 1's bytes are pinned, epoch 2's are also another run's input: both must survive.
        let pinned = try store.put(kind: .checkpoint, bytes: checkpoint(1).bytes)
        try store.pin(pinned)
        let shared = try store.put(kind: .checkpoint, bytes: checkpoint(2).bytes)
        _ = try Executor(store: store).run(RunSpec(kind: .baseline, inputs: ["weights": shared], seed: 5)) {
            _ in
            RunProduct(artifacts: [:])
        }
        var ids: [Int: ContentID] = [:]
        let spec = RunSpec(kind: .train, params: ["epochs": 3], seed: 4)
        let outcome = try Executor(store: store).run(spec) { context in
            for epoch in 1...3 {
                ids[epoch] = try context.checkpoint(
                    role: "checkpoint/epoch-\(epoch)", artifact: checkpoint(epoch))
            }
            return RunProduct(
                artifacts: ["checkpoint": checkpoint(3)],
                releasedRoles: ["checkpoint/epoch-1", "checkpoint/epoch-2", "checkpoint/epoch-3"])
        }
        #expect(ids[1] == pinned && ids[2] == shared)
        #expect(outcome.outputs.keys.sorted() == ["checkpoint"])
        #expect(try store.run(spec.id)?.outputs == outcome.outputs)
        // Epoch 3's bytes are the final checkpoint's: still listed under `checkpoint`, so kept.
        #expect(outcome.outputs["checkpoint"] == ids[3])
        for epoch in 1...3 {
            #expect(try store.exists(try #require(ids[epoch])), "epoch \(epoch)")
        }

        // A run whose released checkpoints nothing else references deletes them.
        let lone = RunSpec(kind: .train, params: ["epochs": 2], seed: 6)
        var loneIDs: [ContentID] = []
        _ = try Executor(store: store).run(lone) { context in
            for epoch in 1...2 {
                let bytes = Data("run 6, epoch \(epoch)".utf8)
                loneIDs.append(
                    try context.checkpoint(
                        role: "checkpoint/epoch-\(epoch)",
                        artifact: ProducedArtifact(kind: .checkpoint, bytes: bytes)))
            }
            return RunProduct(
                artifacts: ["checkpoint": checkpoint(9)],
                releasedRoles: ["checkpoint/epoch-1", "checkpoint/epoch-2"])
        }
        for id in loneIDs {
            #expect(try !store.exists(id))
        }
        let report = try store.verify()
        #expect(report.corrupt.isEmpty && report.integrity == ["ok"] && report.foreignKeyViolations == 0)
    }

    @Test func aClaimLeftByADeadProcessIsTakenOverAtOnce() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .train, seed: 2)
        let dead = RunOwner(host: RunOwner.current.host, pid: try Self.pidOfAnExitedProcess())
        let claim = RunClaim(
            id: spec.id, canonicalSpec: spec.canonicalText, kind: spec.kind.rawValue, seed: spec.seed?.value,
            engineVersion: spec.engineVersion, owner: dead)
        guard case .claimed = try store.claim(claim) else {
            Issue.record("the first claim should succeed")
            return
        }
        var executor = Executor(store: store)
        executor.staleAfter = 3600  // only the dead pid can justify taking over
        var ran = false
        let outcome = try executor.run(spec) { _ in
            ran = true
            return RunProduct(artifacts: [:])
        }
        #expect(ran)
        #expect(!outcome.cached)
    }

    @Test func aLiveClaimFromAnotherHostIsWaitedForUntilItsHeartbeatGoesStale() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .train, seed: 3)
        let remote = RunOwner(host: "another-machine", pid: 1)
        let claim = RunClaim(
            id: spec.id, canonicalSpec: spec.canonicalText, kind: spec.kind.rawValue, seed: spec.seed?.value,
            engineVersion: spec.engineVersion, owner: remote)
        _ = try store.claim(claim)
        var executor = Executor(store: store)
        executor.staleAfter = 0.6
        executor.pollInterval = 0.05
        var waits = 0
        let started = Date()
        let onWait = { (holder: String) in
            #expect(holder == "another-machine:1")
            waits += 1
        }
        _ = try executor.run(spec, waiting: onWait, job: { _ in RunProduct(artifacts: [:]) })
        #expect(waits > 0)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        // The remote owner, coming back, finds its claim gone and cannot record over the new result.
        let late = FinishedRun(
            canonicalSpec: spec.canonicalText, kind: spec.kind.rawValue, seed: spec.seed?.value,
            engineVersion: spec.engineVersion)
        #expect(throws: StoreError.claimLost(run: spec.id.hex, holder: nil)) {
            try store.complete(late, owner: remote)
        }
    }

    @Test func twoOwnersAskingForOneRunComputeItOnce() async throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .train, seed: 4)
        let counter = Counter()
        let outcomes = try await withThrowingTaskGroup(of: RunOutcome.self) { group in
            for name in ["a", "b", "c"] {
                group.addTask {
                    var executor = Executor(store: store)
                    executor.owner = RunOwner.current(instance: name)
                    executor.pollInterval = 0.02
                    return try executor.run(spec) { _ in
                        counter.increment()
                        Thread.sleep(forTimeInterval: 0.3)
                        return RunProduct(artifacts: [
                            "out": ProducedArtifact(kind: .curve, bytes: Data("1".utf8))
                        ])
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counter.value == 1)
        #expect(outcomes.filter { !$0.cached }.count == 1)
        #expect(Set(outcomes.map(\.outputs)).count == 1)
    }

    @Test func forcingADeterministicRunReportsThatItReproduced() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = RunSpec(kind: .kde, seed: 5)
        var draw = 0
        let deterministic = { (_: RunContext) in RunProduct(artifacts: ["out": checkpoint(1)]) }
        _ = try Executor(store: store).run(spec, job: deterministic)
        #expect(
            try Executor(store: store).run(spec, force: true, job: deterministic).reproducedPreviousOutputs
                == true)
        let drifting = { (_: RunContext) -> RunProduct in
            draw += 1
            return RunProduct(artifacts: ["out": checkpoint(100 + draw)])
        }
        #expect(
            try Executor(store: store).run(spec, force: true, job: drifting).reproducedPreviousOutputs
                == false)
        #expect(try Executor(store: store).run(spec, job: deterministic).reproducedPreviousOutputs == nil)
    }

    @Test func aForcedRerunKnowsTheThreadCountTheRecordedRunUsed() async {
        // In a child process: the BLAS thread count is process-wide, and tests run concurrently.
        await #expect(processExitsWith: .success) {
            let directory = try TemporaryDirectory()
            let store = try Store(path: directory.path("db.sqlite"))
            let spec = RunSpec(kind: .kde, seed: 6)
            let job = { (_: RunContext) in
                RunProduct(artifacts: ["out": ProducedArtifact(kind: .curve, bytes: Data([1]))])
            }
            BLAS.threadCount = 2
            let first = try Executor(store: store).run(spec, job: job)
            precondition(first.previousThreadCount == nil, "a first run has no previous thread count")
            BLAS.threadCount = 1
            let forced = try Executor(store: store).run(spec, force: true, job: job)
            precondition(
                forced.previousThreadCount == 2,
                "previous threads \(String(describing: forced.previousThreadCount))")
            let record = try store.run(spec.id)
            precondition(record.flatMap { RunEnvironment.blasThreads(recordedIn: $0.environment) } == 1)
        }
        #expect(RunEnvironment.blasThreads(recordedIn: "{}") == nil)
        #expect(RunEnvironment.blasThreads(recordedIn: "not json") == nil)
        #expect(RunEnvironment.blasThreads(recordedIn: #"{"blas_threads":3}"#) == 3)
    }

    /// The pid of a process that has already exited (so `kill(pid, 0)` finds nothing).
    static func pidOfAnExitedProcess() throws -> Int32 {
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/true"), arguments: [], standardOutput: .discard,
            standardError: .discard)
        child.wait()
        return child.pid
    }
}

/// A thread-safe counter for jobs run from several tasks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}
