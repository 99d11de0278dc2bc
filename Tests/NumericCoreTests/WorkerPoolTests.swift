import Foundation
import Synchronization
import Testing

@testable import NumericCore

/// The pool behind `ParallelLoop`: every iteration runs exactly once and its writes are visible when
/// `run` returns, whether the helpers are watching, asleep, more than the cores, or the pool is busy
/// with another caller. Each test has a pool of its own.
@Suite struct WorkerPoolTests {
    /// Runs a region of `count` iterations and returns how many times each ran and on which thread.
    /// Each iteration sleeps `pause` microseconds after recording itself.
    private func region(_ pool: WorkerPool, count: Int, pause: UInt32 = 0) -> (
        runs: [Int], threads: Set<UInt>
    ) {
        let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let threads = UnsafeMutableBufferPointer<UInt>.allocate(capacity: count)
        defer {
            runs.deallocate()
            threads.deallocate()
        }
        runs.initialize(repeating: 0)
        threads.initialize(repeating: 0)
        pool.run(count) { iteration in
            runs[iteration] += 1
            threads[iteration] = UInt(pthread_self())
            if pause > 0 { usleep(pause) }
        }
        return (Array(runs), Set(threads))
    }

    @Test func everyIterationRunsExactlyOnceOverManyRegions() {
        let pool = WorkerPool(spinningHelpers: 3)
        for round in 0..<20_000 {
            let count = 2 + round % 7
            let (runs, _) = region(pool, count: count)
            #expect(runs == Array(repeating: 1, count: count), "round \(round)")
            if runs != Array(repeating: 1, count: count) { return }
        }
    }

    /// Regions spaced further apart than `watchNanoseconds` find the helpers asleep and must wake them
    /// (or run without them); none may be lost or hang.
    @Test func regionsAfterTheHelpersSleptStillComplete() {
        let pool = WorkerPool()
        for round in 0..<40 {
            usleep(UInt32(WorkerPool.watchNanoseconds / 1000 * (1 + round % 3)))
            let (runs, _) = region(pool, count: 4)
            #expect(runs == [1, 1, 1, 1], "round \(round)")
        }
    }

    /// The helpers do take part: a region of 2 whose iterations take 200 µs runs on two threads
    /// (a pool that never woke its helpers would still give right results, only slower).
    @Test func helpersTakePartInRegions() {
        let pool = WorkerPool()
        var regionsOnTwoThreads = 0
        for _ in 0..<200 {
            let (runs, threads) = region(pool, count: 2, pause: 200)
            #expect(runs == [1, 1])
            if threads.count == 2 { regionsOnTwoThreads += 1 }
        }
        #expect(regionsOnTwoThreads > 0)
    }

    /// A region started from inside a region, and regions from several threads at once, run on their
    /// callers alone while the pool is taken; every iteration still runs once.
    @Test func nestedAndConcurrentCallersRunEveryIteration() async {
        let pool = WorkerPool()
        let inner = Mutex<[Int]>(Array(repeating: 0, count: 4 * 3))
        pool.run(4) { outer in
            pool.run(3) { nested in inner.withLock { $0[outer * 3 + nested] += 1 } }
        }
        #expect(inner.withLock { $0 } == Array(repeating: 1, count: 12))

        let failures = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var failures = 0
                    for round in 0..<2_000
                    where region(pool, count: 2 + round % 3).runs.contains(where: { $0 != 1 }) {
                        failures += 1
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    /// A region of 2 iterations of about 2 ms each counts as one region whose threads were busy for
    /// both iterations; a region of one iteration runs on the caller and is not counted.
    @Test func activityCountsTheRegionsRunOnSeveralThreads() {
        let pool = WorkerPool()
        let before = pool.activity
        pool.run(1) { _ in usleep(2_000) }
        pool.run(2) { _ in usleep(2_000) }
        let activity = pool.activity.since(before)
        #expect(activity.regions == 1)
        #expect(activity.busyNanoseconds >= 4_000_000)
        #expect(activity.offeredNanoseconds == 2 * activity.regionNanoseconds)
        #expect(activity.busyNanoseconds <= activity.offeredNanoseconds)
    }
}
