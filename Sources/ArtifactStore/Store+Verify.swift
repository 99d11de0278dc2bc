public import Foundation
import GRDB

/// The outcome of `Store.verify()`.
public struct VerifyReport: Sendable, Codable, Equatable {
    /// A blob whose stored bytes do not match its id, and why.
    public struct Damage: Sendable, Codable, Equatable {
        public let id: String
        public let reason: String
    }

    public var blobsChecked = 0
    /// Decompressed bytes hashed.
    public var rawBytes = 0
    /// Bytes as stored (compressed).
    public var storedBytes = 0
    /// Damaged blobs, ordered by id.
    public var corrupt: [Damage] = []
    /// SQLite's own `PRAGMA integrity_check` result lines ("ok" when healthy).
    public var integrity: [String] = []
    /// Rows that break a foreign key (should be none).
    public var foreignKeyViolations = 0
    public var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case blobsChecked = "blobs_checked"
        case rawBytes = "raw_bytes"
        case storedBytes = "stored_bytes"
        case corrupt
        case integrity
        case foreignKeyViolations = "foreign_key_violations"
        case seconds
    }

    public var isHealthy: Bool { corrupt.isEmpty && integrity == ["ok"] && foreignKeyViolations == 0 }

    mutating func merge(_ other: VerifyReport) {
        blobsChecked += other.blobsChecked
        rawBytes += other.rawBytes
        storedBytes += other.storedBytes
        corrupt += other.corrupt
    }
}

extension Store {
    /// Re-reads every blob, inflates it and re-hashes it against its id; runs SQLite's integrity
    /// and foreign-key checks. Nothing is modified.
    ///
    /// Blobs are checked by `workers` threads at once (inflating and hashing dominate, and a
    /// `DatabasePool` serves concurrent readers), each over its own range of rows. `progress` is
    /// called with (blobs done, blobs in all), from any of those threads, one call at a time.
    public func verify(
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws(StoreError) -> VerifyReport {
        let start = Date()
        var report = VerifyReport()
        let rowids = try read { db in
            report.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            report.foreignKeyViolations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            return try Int64.fetchAll(db, sql: "SELECT rowid FROM blobs ORDER BY rowid")
        }
        // Interleaved chunks of rows keep the workers busy even when blob sizes vary.
        let chunkSize = 64
        let chunks = stride(from: 0, to: rowids.count, by: chunkSize).map {
            rowids[$0]...rowids[min($0 + chunkSize, rowids.count) - 1]
        }
        let shared = VerifyProgress(total: rowids.count, progress: progress)
        let workerCount = max(1, min(workers, chunks.count))
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            for chunk in stride(from: worker, to: chunks.count, by: workerCount).map({ chunks[$0] }) {
                shared.add(Result { try verifyRows(chunk) })
            }
        }
        let partial = try shared.result(path: path)
        report.merge(partial)
        report.corrupt.sort { $0.id < $1.id }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Checks the blobs whose rowids fall in `rows`.
    private func verifyRows(_ rows: ClosedRange<Int64>) throws -> VerifyReport {
        try pool.read { db in
            var report = VerifyReport()
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT id, kind, raw_size, codec, bytes FROM blobs WHERE rowid BETWEEN ? AND ?",
                arguments: [rows.lowerBound, rows.upperBound])
            while let row = try cursor.next() {
                let idText: String = row["id"]
                let stored: Data = row["bytes"]
                report.blobsChecked += 1
                report.storedBytes += stored.count
                guard let id = ContentID(hex: idText), let kind = try? ArtifactKind(row["kind"]) else {
                    report.corrupt.append(.init(id: idText, reason: "malformed id or kind"))
                    continue
                }
                switch BlobCheck.inflateAndCheck(
                    id: id, kind: kind, codec: row["codec"], rawSize: row["raw_size"], stored: stored)
                {
                case .success(let raw): report.rawBytes += raw.count
                case .failure(let failure): report.corrupt.append(.init(id: idText, reason: failure.reason))
                }
            }
            return report
        }
    }
}

/// Collects the workers' partial reports and reports progress, under one lock.
private final class VerifyProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let progress: @Sendable (Int, Int) -> Void
    private var report = VerifyReport()
    private var firstError: (any Error)?

    init(total: Int, progress: @escaping @Sendable (Int, Int) -> Void) {
        self.total = total
        self.progress = progress
    }

    func add(_ result: Result<VerifyReport, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        switch result {
        case .success(let partial):
            report.merge(partial)
            progress(report.blobsChecked, total)
        case .failure(let error):
            if firstError == nil { firstError = error }
        }
    }

    func result(path: String) throws(StoreError) -> VerifyReport {
        lock.lock()
        defer { lock.unlock() }
        if let firstError { throw StoreError.wrapping(firstError, path: path) }
        return report
    }
}
