internal import Dispatch
internal import Foundation
internal import Synchronization

/// The threads that run `ParallelLoop`'s parallel regions: the calling thread plus persistent helper
/// threads that, after finishing a region, keep watching for the next one for a short while before
/// they sleep.
///
/// Why not `DispatchQueue.concurrentPerform`: a training step runs hundreds of short regions (an
/// element-wise pass, a batch norm, a convolution's image pieces), and Dispatch wakes a sleeping
/// worker for each of them. On the 2-vCPU VM msdb is developed on that wake-up costs about 40 µs, so
/// splitting two 32 µs halves took longer than running them one after the other. Helpers that are
/// still watching start within a microsecond (`Performance.md` has the numbers).
///
/// Which thread runs which iteration never matters for the result: `ParallelLoop`'s bodies compute the
/// same bits whatever the split. That lets the pool run a region on the caller alone whenever the pool
/// is already busy (a nested region, or a second thread using `NumericCore` at the same time).
final class WorkerPool: @unchecked Sendable {
    /// The pool `ParallelLoop` uses; helper threads start on first need.
    static let shared = WorkerPool()

    /// How long an idle helper keeps watching for the next region before it sleeps. Gaps between the
    /// regions of a training step are mostly tens of microseconds; 200 µs covers them, and an idle
    /// process stops spinning almost at once.
    static let watchNanoseconds = 200_000

    /// One helper thread's side of the sleep handshake.
    private final class Helper: Sendable {
        /// The helper's place among the helpers: a region asking for `n` threads uses helpers
        /// `0..<n − 1`.
        let index: Int
        /// True while the helper sleeps (or is about to) on `wake`.
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)

        init(index: Int) { self.index = index }
    }

    /// The current region in one word: its generation (high 32 bits), iteration count (next 16) and
    /// next unclaimed iteration (low 16). Claiming an iteration is one compare-and-exchange on the
    /// whole word, so a helper that arrives late can claim neither an iteration past the end of its
    /// region nor one of a newer region: a successful claim proves that its region is unfinished.
    private let region = Atomic<UInt64>(0)
    private static let fieldBits: UInt64 = 16
    private static let fieldMask: UInt64 = (1 << fieldBits) - 1

    private static func generation(of word: UInt64) -> UInt64 { word >> (2 * fieldBits) }

    /// The current region's helpers wanted, body (the address of the caller's closure) and
    /// iterations done. Written before the region word is published.
    private let helpersWanted = Atomic<Int>(0)
    private let body = Atomic<UInt>(0)
    private let finished = Atomic<Int>(0)

    /// Totals over the regions run on more than one thread (`ParallelActivity`): their wall time, that
    /// time multiplied by the threads each asked for, and the thread time spent in iterations.
    private let regionNanoseconds = Atomic<Int>(0)
    private let offeredNanoseconds = Atomic<Int>(0)
    private let busyNanoseconds = Atomic<Int>(0)
    private let regionCount = Atomic<Int>(0)

    /// Held by the thread running a region; a caller that finds it taken runs its region alone.
    private let busy = Atomic<Bool>(false)
    /// The helpers started so far; changed only by the thread holding `busy`.
    private var helpers: [Helper] = []
    /// Helpers that may spin: with more threads than cores, spinning would take time from the threads
    /// doing the work, so the extra helpers sleep at once.
    private let spinningHelpers: Int

    /// A pool whose first `spinningHelpers` helpers watch for work between regions (by default one
    /// fewer than the cores, the caller being the other).
    init(spinningHelpers: Int = max(0, ProcessInfo.processInfo.activeProcessorCount - 1)) {
        self.spinningHelpers = spinningHelpers
    }

    /// Runs `body(0)`, …, `body(count − 1)` on the caller and up to `count − 1` helpers, and returns
    /// when all have finished. `body` must only write memory that belongs to its iteration.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for iteration in 0..<count { body(iteration) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        precondition(UInt64(count) <= Self.fieldMask, "WorkerPool: \(count) iterations in one region")
        let wanted = count - 1
        while helpers.count < wanted { startHelper() }

        let started = Self.monotonicNanoseconds()
        defer {
            let wall = Self.monotonicNanoseconds() - started
            regionNanoseconds.add(wall, ordering: .relaxed)
            offeredNanoseconds.add(wall * count, ordering: .relaxed)
            regionCount.add(1, ordering: .relaxed)
        }
        withoutActuallyEscaping(body) { escapable in
            withUnsafePointer(to: escapable) { closure in
                let generation = Self.generation(of: region.load(ordering: .relaxed)) &+ 1
                helpersWanted.store(wanted, ordering: .relaxed)
                self.body.store(UInt(bitPattern: closure), ordering: .relaxed)
                finished.store(0, ordering: .relaxed)
                // Sequentially consistent, like the helpers' `sleeping` flag: either this caller sees
                // a helper's flag and wakes it, or the helper sees the new region before sleeping.
                let word = generation << (2 * Self.fieldBits) | UInt64(count) << Self.fieldBits
                region.store(word, ordering: .sequentiallyConsistent)
                for helper in helpers.prefix(wanted)
                where helper.sleeping.load(ordering: .sequentiallyConsistent) {
                    if helper.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                        helper.wake.signal()
                    }
                }
                claimIterations(of: generation)
                awaitFinished(count)
            }
        }
    }

    /// Claims and runs iterations of region `generation` until none is left (or a newer region has
    /// started, which means this one has finished).
    private func claimIterations(of generation: UInt64) {
        var word = region.load(ordering: .acquiring)
        while Self.generation(of: word) == generation {
            let iteration = Int(word & Self.fieldMask)
            guard iteration < Int(word >> Self.fieldBits & Self.fieldMask) else { return }
            let (claimed, current) = region.compareExchange(
                expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            guard claimed else {
                word = current
                continue
            }
            // The claim succeeded, so the region is unfinished and its closure alive.
            let address = body.load(ordering: .relaxed)
            let started = Self.monotonicNanoseconds()
            UnsafePointer<(Int) -> Void>(bitPattern: address).unsafelyUnwrapped.pointee(iteration)
            busyNanoseconds.add(Self.monotonicNanoseconds() - started, ordering: .relaxed)
            finished.add(1, ordering: .releasing)
            word = region.load(ordering: .acquiring)
        }
    }

    /// Waits for iterations still running on helpers. Spins, since they are short; with more threads
    /// than cores it yields, so that the helpers it waits for get the core.
    private func awaitFinished(_ count: Int) {
        let oversubscribed = count - 1 > spinningHelpers
        while finished.load(ordering: .acquiring) < count {
            if oversubscribed { sched_yield() }
        }
    }

    private func startHelper() {
        let helper = Helper(index: helpers.count)
        helpers.append(helper)
        let thread = Thread { [self] in helperLoop(helper) }
        thread.name = "msdb-worker-\(helper.index + 1)"
        thread.start()
    }

    /// A helper's life: watch for a new region, join it if it wants this helper, and sleep after
    /// `watchNanoseconds` without work.
    private func helperLoop(_ helper: Helper) {
        let watches = helper.index < spinningHelpers
        var seen = Self.generation(of: region.load(ordering: .acquiring))
        var idleSince = Self.monotonicNanoseconds()
        var polls = 0
        while true {
            let generation = Self.generation(of: region.load(ordering: .sequentiallyConsistent))
            if generation != seen {
                seen = generation
                if helper.index < helpersWanted.load(ordering: .relaxed) {
                    claimIterations(of: generation)
                    idleSince = Self.monotonicNanoseconds()
                }
                continue
            }
            polls &+= 1
            if watches, polls & 63 != 0 || Self.monotonicNanoseconds() - idleSince < Self.watchNanoseconds {
                continue
            }
            helper.sleeping.store(true, ordering: .sequentiallyConsistent)
            let moved = Self.generation(of: region.load(ordering: .sequentiallyConsistent)) != seen
            // If a region arrived meanwhile and the caller has not claimed the flag, take it back and go
            // and look; otherwise the caller has signalled (or will), so wait for that signal.
            if !(moved && helper.sleeping.exchange(false, ordering: .sequentiallyConsistent)) {
                helper.wake.wait()
            }
            idleSince = Self.monotonicNanoseconds()
        }
    }

    /// The totals so far.
    var activity: ParallelActivity {
        ParallelActivity(
            regions: regionCount.load(ordering: .relaxed),
            regionNanoseconds: regionNanoseconds.load(ordering: .relaxed),
            offeredNanoseconds: offeredNanoseconds.load(ordering: .relaxed),
            busyNanoseconds: busyNanoseconds.load(ordering: .relaxed))
    }

    private static func monotonicNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
