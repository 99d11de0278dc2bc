internal import Dispatch

/// Splits work over the `BLAS.threadCount` threads msdb is allowed to use, for the kernels around the
/// GEMMs (im2col, batch norm, element-wise passes), so that they scale with the thread count too.
///
/// Chunks are contiguous and their bounds depend only on the item count and the thread count; each
/// item is computed by exactly one thread with the same arithmetic as in a serial loop. Kernels that
/// reduce across items combine per-chunk results in chunk order, so results are bit-identical for a
/// fixed thread count, as `BLAS` promises for the GEMMs.
enum ParallelLoop {
    /// The number of chunks `count` items are split into: at most the thread count, and at most
    /// `count / minimumPerChunk` (so small tensors stay on one thread).
    static func chunkCount(_ count: Int, minimumPerChunk: Int = 1) -> Int {
        max(1, min(BLAS.threadCount, count / max(1, minimumPerChunk)))
    }

    /// The `chunk`-th of `chunks` contiguous, balanced ranges of `0..<count`.
    static func range(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }

    /// Calls `body(chunk, range)` for `chunks` contiguous ranges covering `0..<count`, concurrently when
    /// `chunks > 1`. `body` must only write memory that belongs to its own range.
    static func forEachChunk(_ count: Int, chunks: Int, _ body: (Int, Range<Int>) -> Void) {
        guard chunks > 1 else {
            body(0, 0..<count)
            return
        }
        concurrently(chunks) { chunk in body(chunk, range(chunk, of: chunks, count: count)) }
    }

    /// `forEachChunk` with `chunkCount(count, minimumPerChunk:)` chunks.
    @inline(__always)
    static func forEachChunk(_ count: Int, minimumPerChunk: Int, _ body: (Range<Int>) -> Void) {
        forEachChunk(count, chunks: chunkCount(count, minimumPerChunk: minimumPerChunk)) { _, range in
            body(range)
        }
    }

    /// Runs `body(worker, images)` over contiguous image ranges of a batch, one per thread, so that
    /// im2col, col2im and the per-image GEMMs of different images proceed in parallel (the GEMMs
    /// inside must not split again: `splitsAcrossThreads` is true only for a single worker, i.e. one
    /// thread or one image). With one worker, `body(0, 0..<batch)` runs on the caller.
    static func forEachImageRange(batch: Int, _ body: (Int, Range<Int>) -> Void) {
        let workers = imageWorkers(batch: batch)
        guard workers > 1 else {
            body(0, 0..<batch)
            return
        }
        concurrently(workers) { worker in body(worker, range(worker, of: workers, count: batch)) }
    }

    /// Runs `body(0)`, …, `body(count − 1)` concurrently and waits for all of them. The callers' bodies
    /// write disjoint memory through raw pointers, which Swift cannot check; `body` is therefore passed
    /// to Dispatch's `@Sendable` work item in an unchecked box.
    private static func concurrently(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendableBox(value: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { index in box.value(index) }
        }
    }

    /// The number of workers `forEachImageRange` will use for `batch` images.
    static func imageWorkers(batch: Int) -> Int {
        max(1, min(BLAS.threadCount, batch))
    }
}

/// A value handed to concurrent workers whose safety the caller guarantees (disjoint writes).
private struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
}
