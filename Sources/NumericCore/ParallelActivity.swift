/// How much of a stretch of work ran in parallel and how busy its threads were: the figures behind
/// `msdb bench train`'s parallel columns, which explain a 2-thread speed that is not twice the 1-thread
/// one without depending on how fast the machine happens to be.
///
/// Counted over the regions `ParallelLoop` ran on more than one thread (`WorkerPool`); a region run
/// on the caller alone (one thread, or the pool taken) counts as serial time.
public struct ParallelActivity: Sendable, Equatable {
    /// Regions run on more than one thread.
    public var regions: Int
    /// Their wall time.
    public var regionNanoseconds: Int
    /// Their wall time multiplied by the threads each asked for: the thread time they were offered.
    public var offeredNanoseconds: Int
    /// The thread time spent running their iterations (the rest was a thread waiting for the others).
    public var busyNanoseconds: Int

    /// The process's totals so far.
    public static var total: ParallelActivity { WorkerPool.shared.activity }

    /// The activity between `earlier` and this snapshot.
    public func since(_ earlier: ParallelActivity) -> ParallelActivity {
        ParallelActivity(
            regions: regions - earlier.regions,
            regionNanoseconds: regionNanoseconds - earlier.regionNanoseconds,
            offeredNanoseconds: offeredNanoseconds - earlier.offeredNanoseconds,
            busyNanoseconds: busyNanoseconds - earlier.busyNanoseconds)
    }

    /// The share of the offered thread time the threads were busy, nil without parallel regions.
    public var busyShare: Double? {
        offeredNanoseconds > 0 ? Double(busyNanoseconds) / Double(offeredNanoseconds) : nil
    }
}
