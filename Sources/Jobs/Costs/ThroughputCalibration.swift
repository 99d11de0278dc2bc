public import ArtifactStore
internal import NumericCore
internal import Runs

/// This machine's throughput for cost estimates: measured once per machine, thread count and
/// workload (`WorkEstimator.measure`), kept in the database's `throughput` table, and measured
/// again only when asked.
public enum ThroughputCalibration {
    /// The recorded throughput of `workload` at `threads`, or a fresh measurement (recorded) when
    /// there is none or `remeasure` is set. `note` hears of each measurement.
    public static func throughput(
        of workload: String, estimator: WorkEstimator, store: Store, threads: Int, remeasure: Bool = false,
        note: (String) -> Void = { _ in }
    ) throws -> MeasuredThroughput {
        let machine = RunEnvironment.machine
        if !remeasure,
            let known = try store.throughput(machine: machine, threads: threads, workload: workload)
        {
            return known
        }
        note("measuring \(workload)")
        BLAS.threadCount = threads
        let (train, infer) = estimator.measure(workload)
        return try store.record(
            MeasuredThroughput(
                machine: machine, threads: threads, workload: workload, trainGFLOPs: train, inferGFLOPs: infer
            ))
    }
}
