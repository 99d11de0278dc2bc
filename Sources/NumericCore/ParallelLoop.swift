internal import Dispatch

/// Splits work over the `BLAS.threadCount` threads msdb is allowed to use, for the GEMMs and the
/// kernels around them (im2col, batch norm, element-wise passes).
///
/// Two kinds of split, so that results never depend on the thread count:
/// - element-wise and per-channel kernels (`forEachChunk(_:minimumPerChunk:_:)`) compute each item
///   with the same arithmetic whatever the chunk, so their chunks follow the thread count;
/// - splits that change the arithmetic (a GEMM's column blocks, which OpenBLAS blocks differently
///   when narrower; a batch's image ranges, whose weight-gradient sums are added range by range) use
///   a partition fixed by the shape alone, at most `fixedParts` parts, and run those parts on up to
///   `BLAS.threadCount` threads (one thread runs them in order).
/// Kernels that reduce across items combine per-part results in part order.
enum ParallelLoop {
    /// The most parts a shape-fixed partition has. It fixes the arithmetic, so changing it changes
    /// trained bits (an engine version); 2 is the thread count msdb's results were first recorded at,
    /// so those results hold at any thread count. The price: image ranges and a GEMM's column blocks
    /// never use more than 2 threads.
    static let fixedParts = 2

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

    /// The number of parts of a shape-fixed partition of `count` items with at least
    /// `minimumPerChunk` per part: at most `fixedParts`, independent of the thread count.
    static func fixedPartCount(_ count: Int, minimumPerChunk: Int = 1) -> Int {
        max(1, min(fixedParts, count / max(1, minimumPerChunk)))
    }

    /// Calls `body(part, range)` for the `parts` contiguous ranges of `0..<count` (a shape-fixed
    /// partition), on up to `BLAS.threadCount` threads; each part runs on one thread, and with one
    /// thread the parts run in order on the caller.
    static func forEachFixedPart(_ count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
        let threads = min(parts, BLAS.threadCount)
        guard threads > 1 else {
            for part in 0..<parts { body(part, range(part, of: parts, count: count)) }
            return
        }
        concurrently(threads) { thread in
            for part in stride(from: thread, to: parts, by: threads) {
                body(part, range(part, of: parts, count: count))
            }
        }
    }

    /// Runs `body(part, images)` over the `imageRanges(batch:)` contiguous image ranges of a batch
    /// (a shape-fixed partition), so that im2col, col2im and the per-image GEMMs of different images
    /// proceed in parallel. The GEMMs inside must not split again: `splitsAcrossThreads` is true only
    /// when one range holds the whole batch, i.e. for a single image.
    static func forEachImageRange(batch: Int, _ body: (Int, Range<Int>) -> Void) {
        forEachFixedPart(batch, parts: imageRanges(batch: batch), body)
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

    /// The number of image ranges `forEachImageRange` splits `batch` images into (each with its own
    /// partial weight-gradient sum in the backward passes).
    static func imageRanges(batch: Int) -> Int {
        fixedPartCount(batch)
    }
}

/// A value handed to concurrent workers whose safety the caller guarantees (disjoint writes).
private struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
}
