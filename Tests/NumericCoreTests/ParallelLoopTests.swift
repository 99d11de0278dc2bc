import Synchronization
import Testing

@testable import NumericCore

/// `ParallelLoop.forEachChunk` cuts a pass into parts that the threads take in turn: the parts must
/// cover every item exactly once and stay above the size that pays for a hand-off.
@Suite struct ParallelLoopTests {
    @Test(arguments: [
        (count: 10, minimum: 4, threads: 1), (count: 10, minimum: 4, threads: 2),
        (count: 7, minimum: 4, threads: 8), (count: 1 << 20, minimum: 1 << 15, threads: 2),
        (count: 1 << 20, minimum: 1 << 15, threads: 8), (count: 100, minimum: 1, threads: 3),
        (count: 0, minimum: 1, threads: 2),
    ])
    func chunkPartsCoverEveryItemInPartsOfAtLeastTheMinimum(count: Int, minimum: Int, threads: Int) {
        let parts = ParallelLoop.chunkParts(count, minimumPerChunk: minimum, threads: threads)
        #expect(parts >= 1)
        #expect(parts <= max(1, threads * ParallelLoop.partsPerThread))
        // One part when one thread does it all; otherwise at least one per thread the items allow.
        if threads == 1 || count < 2 * minimum {
            #expect(parts == 1)
        } else {
            #expect(parts >= min(threads, count / minimum))
        }
        let ranges = (0..<parts).map { ParallelLoop.range($0, of: parts, count: count) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        if parts > 1 { #expect(ranges.allSatisfy { $0.count >= minimum }) }
    }

    /// Each item is visited once, in as many calls as `chunkParts` says, at 1, 2 and 3 threads (in a
    /// child process: the thread count is process-wide, and tests run concurrently).
    @Test func forEachChunkVisitsEveryItemOnce() async {
        await #expect(processExitsWith: .success) {
            let count = 100_003
            let visits = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
            defer { visits.deallocate() }
            for threads in 1...3 {
                BLAS.threadCount = threads
                visits.initialize(repeating: 0)
                let calls = Atomic<Int>(0)
                ParallelLoop.forEachChunk(count, minimumPerChunk: 1000) { range in
                    calls.add(1, ordering: .relaxed)
                    for index in range { visits[index] += 1 }
                }
                let expected = ParallelLoop.chunkParts(count, minimumPerChunk: 1000, threads: threads)
                precondition(
                    visits.allSatisfy { $0 == 1 }, "an item was not visited once at \(threads) threads")
                precondition(
                    calls.load(ordering: .relaxed) == expected,
                    "\(calls.load(ordering: .relaxed)) calls at \(threads) threads, expected \(expected)")
            }
        }
    }

    /// `together` runs every unit of both sets once, each set's worker at most once per thread, and
    /// with one thread all of the first set before the second, in order (at 1, 2 and 3 threads, in a
    /// child process).
    @Test func togetherRunsEveryUnitOfBothSetsOnce() async {
        await #expect(processExitsWith: .success) {
            let (firstUnits, secondUnits) = (8, 37)
            for threads in 1...3 {
                BLAS.threadCount = threads
                let visits = Mutex<[String]>([])
                let workers = Atomic<Int>(0)
                func worker(_ name: String) -> (_ next: () -> Int?) -> Void {
                    { next in
                        workers.add(1, ordering: .relaxed)
                        while let unit = next() {
                            visits.withLock { $0.append("\(name)\(unit)") }
                        }
                    }
                }
                ParallelLoop.together(firstUnits, worker("a"), then: secondUnits, worker("b"))
                let seen = visits.withLock { $0 }
                let expected = (0..<firstUnits).map { "a\($0)" } + (0..<secondUnits).map { "b\($0)" }
                precondition(
                    seen.sorted() == expected.sorted(),
                    "units not run once each at \(threads) threads: \(seen)")
                precondition(
                    workers.load(ordering: .relaxed) <= 2 * threads, "a worker ran twice on a thread")
                if threads == 1 {
                    precondition(seen == expected, "one thread ran the units out of order: \(seen)")
                }
            }
        }
    }
}
