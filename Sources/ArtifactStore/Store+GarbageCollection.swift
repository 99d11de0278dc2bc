public import Foundation
import GRDB

/// What `Store.collectGarbage` found and (unless a dry run) deleted.
public struct GarbageReport: Sendable, Codable, Equatable {
    public var dryRun: Bool
    /// Unreachable blobs older than the minimum age.
    public var blobs: Int
    public var rawBytes: Int
    public var storedBytes: Int
    /// Unreachable blobs kept because they are younger than the minimum age.
    public var keptAsRecent: Int
    public var ids: [String]

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case blobs
        case rawBytes = "raw_bytes"
        case storedBytes = "stored_bytes"
        case
            keptAsRecent = "kept_as_recent"
        case ids
    }
}

extension Store {
    /// Unreachable blobs younger than this are kept by default: a process may have stored them
    /// for a run it has not recorded yet.
    public static let defaultGarbageMinimumAge: TimeInterval = 3600

    /// Deletes blobs that no run references (as input or output), no divergent copy lists and
    /// that are not pinned, if they were stored at least `minimumAge` seconds ago. With `dryRun`
    /// only reports them.
    /// Selection and deletion happen in one transaction, so a run recorded meanwhile is safe.
    public func collectGarbage(
        dryRun: Bool, minimumAge: TimeInterval = Store.defaultGarbageMinimumAge
    ) throws(StoreError) -> GarbageReport {
        let cutoff = Timestamp.format(Date().addingTimeInterval(-minimumAge))
        let unreachable = """
            FROM blobs
            WHERE NOT EXISTS (SELECT 1 FROM lineage WHERE lineage.artifact_id = blobs.id)
              AND NOT EXISTS (SELECT 1 FROM pins WHERE pins.blob_id = blobs.id)
              AND NOT EXISTS (SELECT 1 FROM divergent_outputs d WHERE d.artifact_id = blobs.id)
            """
        let body = { (db: Database) throws -> GarbageReport in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT id, raw_size, stored_size, created_at <= ? AS old \(unreachable) ORDER BY id",
                arguments: [cutoff])
            let old = rows.filter { $0["old"] as Bool }
            let report = GarbageReport(
                dryRun: dryRun, blobs: old.count, rawBytes: old.reduce(0) { $0 + ($1["raw_size"] as Int) },
                storedBytes: old.reduce(0) { $0 + ($1["stored_size"] as Int) },
                keptAsRecent: rows.count - old.count,
                ids: old.map { $0["id"] })
            if !dryRun {
                try db.execute(sql: "DELETE \(unreachable) AND created_at <= ?", arguments: [cutoff])
            }
            return report
        }
        return dryRun ? try read(body) : try write(body)
    }
}
