import Foundation

/// A fault-injection hook for the crash tests, inert unless `MSDB_TEST_STALL_AT` is set.
///
/// Random kill times almost never land inside a transaction that lasts a millisecond, so the crash
/// campaign (`CrashCampaignTests`) names the moment instead: with `MSDB_TEST_STALL_AT=<point>` (or
/// `<point>:<n>` for the n-th time the point is reached, 1 by default) the process writes the point's
/// name to the file `MSDB_TEST_STALL_MARKER` (if set) when it gets there, then sleeps until it is
/// killed. The points, each inside the write transaction it names unless said otherwise:
/// - `claim`: claiming a run, after its row says `running`;
/// - `blob.<kind>`: storing a blob of that kind (`blob.checkpoint`), after the insert;
/// - `attach`: attaching a checkpoint to a running run, after the lineage row is written;
/// - `heartbeat`: refreshing a running run's heartbeat (every 5 s; the job blocks at its next write);
/// - `complete`: completing a run, after its status, details and released checkpoints are
///   written, before the commit;
/// - `merge.run`: merging one run (`msdb merge`), after its blobs and rows are written, before
///   the commit.
///
/// Without the variable `reach` only compares one cached optional with nil.
public enum TestStall {
    /// The point and the arrival to stall at, read once from the environment.
    private static let target: (point: String, arrival: Int)? = {
        guard let text = ProcessInfo.processInfo.environment["MSDB_TEST_STALL_AT"], !text.isEmpty else {
            return nil
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let arrival = parts.count == 2 ? Int(parts[1]) ?? 1 : 1
        return (parts[0], max(arrival, 1))
    }()

    private static let arrivals = ArrivalCounter()

    /// Stalls this process for good if it is the configured point's configured arrival.
    public static func reach(_ point: @autoclosure () -> String) {
        guard let target else { return }
        let name = point()
        guard name == target.point, arrivals.next() == target.arrival else { return }
        let marker = ProcessInfo.processInfo.environment["MSDB_TEST_STALL_MARKER"]
        if let marker {
            _ = FileManager.default.createFile(atPath: marker, contents: Data(name.utf8))
        } else {
            FileHandle.standardError.write(Data("msdb: test stall at \(name)\n".utf8))
        }
        while true { sleep(3600) }
    }
}

/// Counts arrivals at the stall point from any thread (the heartbeat has its own queue).
private final class ArrivalCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
