import Foundation
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
        case corrupt,
            integrity
        case foreignKeyViolations = "foreign_key_violations"
        case seconds
    }

    public var isHealthy: Bool { corrupt.isEmpty && integrity == ["ok"] && foreignKeyViolations == 0 }
}

extension Store {
    /// Re-reads every blob, inflates it and re-hashes it against its id; runs SQLite's integrity
    /// and foreign-key checks. Nothing is modified. `progress` is called after each blob with
    /// (blobs done, blobs in all).
    public func verify(progress: (Int, Int) -> Void = { _, _ in }) throws(StoreError) -> VerifyReport {
        let start = Date()
        var report = VerifyReport()
        try read { db in
            report.integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            report.foreignKeyViolations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM blobs") ?? 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, kind, raw_size, codec, bytes FROM blobs ORDER BY rowid")
            while let row = try rows.next() {
                let idText: String = row["id"]
                let stored: Data = row["bytes"]
                report.blobsChecked += 1
                report.storedBytes += stored.count
                guard let id = ContentID(hex: idText), let kind = try? ArtifactKind(row["kind"]) else {
                    report.corrupt.append(.init(id: idText, reason: "malformed id or kind"))
                    continue
                }
                let rawSize: Int = row["raw_size"]
                switch BlobCheck.inflateAndCheck(
                    id: id, kind: kind, codec: row["codec"], rawSize: rawSize, stored: stored)
                {
                case .success(let raw): report.rawBytes += raw.count
                case .failure(let failure): report.corrupt.append(.init(id: idText, reason: failure.reason))
                }
                progress(report.blobsChecked, total)
            }
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }
}
