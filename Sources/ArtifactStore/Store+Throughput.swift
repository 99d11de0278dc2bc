import GRDB

/// A machine's measured training and inference speed on one workload (a network at one input shape
/// and batch) at one BLAS thread count: the rate a cost estimate divides that workload's counted
/// work by.
public struct MeasuredThroughput: Sendable, Equatable {
    /// The CPU model and OpenBLAS core.
    public var machine: String
    public var threads: Int
    public var workload: String
    /// Achieved GFLOP/s of a training step (forward + backward, counted as three forwards).
    public var trainGFLOPs: Double
    /// Achieved GFLOP/s of an evaluation-mode forward pass.
    public var inferGFLOPs: Double
    public var measuredAt: String
    public var msdbVersion: String

    public init(
        machine: String, threads: Int, workload: String, trainGFLOPs: Double, inferGFLOPs: Double,
        measuredAt: String = "", msdbVersion: String = MSDBVersion.current
    ) {
        self.machine = machine
        self.threads = threads
        self.workload = workload
        self.trainGFLOPs = trainGFLOPs
        self.inferGFLOPs = inferGFLOPs
        self.measuredAt = measuredAt
        self.msdbVersion = msdbVersion
    }
}

extension Store {
    /// The throughput recorded for `workload` on `machine` at `threads`, or nil if none was measured.
    public func throughput(
        machine: String, threads: Int, workload: String
    ) throws(StoreError) -> MeasuredThroughput? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT train_gflops, infer_gflops, measured_at, msdb_version FROM throughput
                    WHERE machine = ? AND threads = ? AND workload = ?
                    """, arguments: [machine, threads, workload]
            ).map { row in
                MeasuredThroughput(
                    machine: machine, threads: threads, workload: workload, trainGFLOPs: row[0],
                    inferGFLOPs: row[1], measuredAt: row[2], msdbVersion: row[3])
            }
        }
    }

    /// Records a measurement, replacing the one for the same machine, thread count and workload;
    /// returns it with its timestamp.
    @discardableResult
    public func record(_ throughput: MeasuredThroughput) throws(StoreError) -> MeasuredThroughput {
        var stamped = throughput
        stamped.measuredAt = Timestamp.now()
        let row = stamped
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO throughput
                        (machine, threads, workload, train_gflops, infer_gflops, measured_at, msdb_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    row.machine, row.threads, row.workload, row.trainGFLOPs, row.inferGFLOPs, row.measuredAt,
                    row.msdbVersion,
                ])
        }
        return stamped
    }
}
