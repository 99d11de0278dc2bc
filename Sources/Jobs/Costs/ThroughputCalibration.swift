public import ArtifactStore
internal import NeuralNets
internal import NumericCore
internal import Runs

/// This machine's training throughput for cost estimates: measured once per machine and thread
/// count with `msdb bench train`'s reference U-Net (`TrainingBenchmark`), kept in the database's
/// `throughput` table, and measured again only when asked.
public enum ThroughputCalibration {
    /// The recorded throughput at `threads`, or a fresh measurement (recorded) when there is none or
    /// `remeasure` is set. `note` receives the benchmark's progress lines.
    public static func throughput(
        store: Store, threads: Int, remeasure: Bool = false, note: (String) -> Void = { _ in }
    ) throws -> MeasuredThroughput {
        let machine = RunEnvironment.machine
        if !remeasure, let known = try store.throughput(machine: machine, threads: threads) { return known }
        var benchmark = TrainingBenchmark()
        benchmark.steps = 6
        let result = benchmark.run(threads: threads, note: note)
        return try store.record(
            MeasuredThroughput(
                machine: machine, threads: threads, trainGFLOPs: result.trainGFLOPs,
                inferGFLOPs: result.inferGFLOPs))
    }
}
