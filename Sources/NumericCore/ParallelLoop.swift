internal import Synchronization

/// Splits work over the `BLAS.threadCount` threads msdb is allowed to use, for the GEMMs and the
/// kernels around them (im2col, batch norm, element-wise passes).
///
/// Two kinds of split, so that results never depend on the thread count:
/// - element-wise and per-channel kernels (`forEachChunk(_:minimumPerChunk:_:)`) compute each item
///   with the same arithmetic whatever the chunk, so their chunks follow the thread count (a few per
///   thread, taken in turn);
/// - splits that can change the arithmetic (a GEMM's column blocks, which a BLAS may block
///   differently when narrower; a batch's image pieces, whose weight-gradient sums are added piece
///   by piece) use
///   a partition fixed by the shape alone (`GEMM.columnBlock` columns per block, at most
///   `maximumImagePieces` image pieces), and any number of threads takes those parts in turn (one
///   thread runs them in order). More threads run more parts at once; the parts, and so the bits,
///   stay the same.
/// Kernels that reduce across items combine per-part results in part order. Work with no sum across
/// its units (the forward convolutions' bands of output rows) goes in units as small as a band, taken
/// in turn by threads that each set up their scratch once (`withWorkers`).
enum ParallelLoop {
    /// The most pieces a batch is split into. Each piece but the first holds a partial weight
    /// gradient until the pieces are added in order, so the cap bounds that memory (a batch of 32
    /// becomes 8 pieces of 4 images); it also bounds the threads the image loop of one layer uses.
    /// Changing it changes trained bits (an engine version).
    static let maximumImagePieces = 8

    /// The `chunk`-th of `chunks` contiguous, balanced ranges of `0..<count`.
    static func range(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
    }

    /// How many parts per thread `forEachChunk(_:minimumPerChunk:_:)` cuts a pass into (parts of at
    /// least `minimumPerChunk` items). Taken in turn, smaller parts let the thread that finishes first
    /// take over what the other would have done last, instead of waiting for it: the two halves of a
    /// pass rarely take equal time, and on a shared machine one core may run slower for a while.
    static let partsPerThread = 4

    /// Calls `body` over contiguous ranges covering `0..<count`: the whole range on one thread, or
    /// `chunkParts` parts, each taken by the next free thread. `body` must only write memory that
    /// belongs to its own range.
    @inline(__always)
    static func forEachChunk(_ count: Int, minimumPerChunk: Int, _ body: (Range<Int>) -> Void) {
        let parts = chunkParts(count, minimumPerChunk: minimumPerChunk, threads: BLAS.threadCount)
        guard parts > 1 else {
            body(0..<count)
            return
        }
        forEachFixedPart(count, parts: parts) { _, range in body(range) }
    }

    /// The number of parts `forEachChunk(_:minimumPerChunk:_:)` cuts `count` items into at `threads`
    /// threads: 1 when one thread does it all, else up to `partsPerThread` per thread used, each of at
    /// least `minimumPerChunk` items.
    static func chunkParts(_ count: Int, minimumPerChunk: Int, threads: Int) -> Int {
        let most = count / max(1, minimumPerChunk)
        let used = min(threads, most)
        return used > 1 ? min(most, used * partsPerThread) : 1
    }

    /// Calls `body(part, range)` for the `parts` contiguous ranges of `0..<count` (a shape-fixed
    /// partition), on up to `BLAS.threadCount` threads. Each part runs on one thread; free threads
    /// take the next part not yet started, and with one thread the parts run in order on the caller.
    static func forEachFixedPart(_ count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
        withWorkers(units: parts) { next in
            while let part = next() { body(part, range(part, of: parts, count: count)) }
        }
    }

    /// Runs `units` independent units of work on up to `BLAS.threadCount` threads, for kernels that
    /// set up scratch memory once per thread rather than once per unit: `worker(next)` runs once on
    /// each thread taking part and calls `next()` for the next unit not yet started, until it returns
    /// nil. With one thread, a single worker on the caller takes the units in order.
    static func withWorkers(units: Int, _ worker: (_ next: () -> Int?) -> Void) {
        let threads = min(units, BLAS.threadCount)
        guard threads > 1 else {
            var unit = 0
            worker {
                guard unit < units else { return nil }
                defer { unit += 1 }
                return unit
            }
            return
        }
        let claimed = Atomic<Int>(0)
        concurrently(threads) { _ in
            worker {
                let unit = claimed.add(1, ordering: .relaxed).oldValue
                return unit < units ? unit : nil
            }
        }
    }

    /// The units of a pass over `batch` images of `bands` bands each with no sum across bands: one
    /// band of one image per unit, except that a single image keeps its bands in one unit, so that its
    /// GEMMs split their columns over the threads instead.
    struct ImageBands {
        let batch: Int
        let bands: Int

        private var bandsPerUnit: Int { batch == 1 ? bands : 1 }

        /// The number of units.
        var count: Int { bandsPerUnit == 0 ? 0 : batch * bands / bandsPerUnit }

        /// The image and band of each of `unit`'s members, in order.
        func members(of unit: Int) -> LazyMapSequence<Range<Int>, (image: Int, band: Int)> {
            ((unit * bandsPerUnit)..<((unit + 1) * bandsPerUnit)).lazy.map { ($0 / bands, $0 % bands) }
        }
    }

    /// Runs two sets of units in one region: `first`'s units, then `second`'s, each thread moving on
    /// to `second` when no unit of `first` is left, so that `second`'s units fill the time the last of
    /// `first`'s takes (put the larger units first). Each worker runs at most once per thread and must
    /// call its `next` until it returns nil; with one thread, all of `first` runs before `second`.
    static func together(
        _ firstUnits: Int, _ first: (_ next: () -> Int?) -> Void, then secondUnits: Int,
        _ second: (_ next: () -> Int?) -> Void
    ) {
        withWorkers(units: firstUnits + secondUnits) { next in
            // Swift does not let a non-escaping closure call another that it was handed; this one
            // does not outlive the worker.
            withoutActuallyEscaping(next) { next in
                // The unit that ended this thread's share of `first`, if it belongs to `second`.
                var carried: Int?
                first {
                    guard let unit = next() else { return nil }
                    guard unit >= firstUnits else { return unit }
                    carried = unit - firstUnits
                    return nil
                }
                guard carried != nil else { return }
                second {
                    if let unit = carried {
                        carried = nil
                        return unit
                    }
                    return next().map { $0 - firstUnits }
                }
            }
        }
    }

    /// Runs `body(piece, images)` over the `imagePieces(batch:)` contiguous image ranges of a batch
    /// (a shape-fixed partition), so that im2col, col2im and the per-image GEMMs of different images
    /// proceed in parallel. The GEMMs inside must not split again: `splitsAcrossThreads` is true only
    /// when one piece holds the whole batch, i.e. for a single image.
    static func forEachImagePiece(batch: Int, _ body: (Int, Range<Int>) -> Void) {
        forEachFixedPart(batch, parts: imagePieces(batch: batch), body)
    }

    /// Adds `pieces` partial sums of `count` floats each (stored one after another at `partials`)
    /// into `total`, piece by piece in order for every element. Elements are independent, so they are
    /// split over the threads without changing any sum.
    static func addPieces(
        _ partials: UnsafePointer<Float>, pieces: Int, count: Int, into total: UnsafeMutablePointer<Float>
    ) {
        guard pieces > 0 else { return }
        forEachChunk(count, minimumPerChunk: 1 << 14) { elements in
            for piece in 0..<pieces {
                let partial = partials + piece * count
                for index in elements { total[index] += partial[index] }
            }
        }
    }

    /// Runs `body(0)`, …, `body(count − 1)` concurrently (on `WorkerPool.shared`) and waits for all
    /// of them. The callers' bodies write disjoint memory through raw pointers.
    private static func concurrently(_ count: Int, _ body: (Int) -> Void) {
        WorkerPool.shared.run(count, body)
    }

    /// The number of image pieces `forEachImagePiece` splits `batch` images into (each with its own
    /// partial weight-gradient sum in the backward passes): one image per piece, up to
    /// `maximumImagePieces`.
    static func imagePieces(batch: Int) -> Int {
        max(1, min(maximumImagePieces, batch))
    }
}
