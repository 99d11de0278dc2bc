public import ArtifactStore
import Foundation
import GRDB

/// What a database holds, read without ever taking its write lock (a reader beside a process that
/// may be inside a write transaction), so the crash tests can compare before and after a kill.
public struct DatabaseSnapshot: Sendable, Equatable {
    /// Every blob id with its size before compression.
    public var blobs: [String: Int] = [:]
    /// Every run id with its status.
    public var runs: [String: String] = [:]
    /// Runs whose status is not `done`, with the process that claims them (if any).
    public var unfinished: [String: String] = [:]
    /// Every lineage row as `run direction role artifact`, sorted.
    public var lineage: [String] = []
    /// Every metric row as `run name value`, sorted.
    public var metrics: [String] = []

    public init() {}

    /// Reads the database at `path` read-only; an absent or not yet created file gives an empty
    /// snapshot.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        try queue.read { db in
            guard try db.tableExists("runs") else { return }
            for row in try Row.fetchAll(db, sql: "SELECT id, raw_size FROM blobs") {
                blobs[row["id"]] = row["raw_size"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, status, claimed_by FROM runs") {
                let id: String = row["id"]
                let status: String = row["status"]
                runs[id] = status
                if status != "done" { unfinished[id] = (row["claimed_by"] as String?) ?? "" }
            }
            lineage = try String.fetchAll(
                db,
                sql: """
                    SELECT run_id || ' ' || direction || ' ' || role || ' ' || artifact_id FROM lineage
                    ORDER BY 1
                    """)
            metrics = try String.fetchAll(
                db, sql: "SELECT run_id || ' ' || name || ' ' || quote(value) FROM run_metrics ORDER BY 1")
        }
    }

    /// Copies a database no process is using, with its write-ahead log (an msdb command may exit
    /// leaving committed pages there; the main file alone would be an older database).
    public static func copyDatabase(from source: String, to destination: String) throws {
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        if FileManager.default.fileExists(atPath: source + "-wal") {
            try FileManager.default.copyItem(atPath: source + "-wal", toPath: destination + "-wal")
        }
    }

    /// Folds the database's write-ahead log into the file and truncates the log, so that the file's
    /// size is the database's (a log left by an exiting process has a size that depends on timing).
    public static func checkpoint(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
    }

    /// SQLite's `PRAGMA integrity_check` of the file, read-only (`["ok"]` when sound).
    public static func integrityCheck(path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The raw bytes lost from `earlier`: the sizes of its blobs that `store` no longer holds or
    /// whose bytes no longer match their id.
    public func bytesLost(in store: Store) -> Int {
        var lost = 0
        for (hex, size) in blobs {
            guard let id = ContentID(hex: hex), (try? store.get(id)) != nil else {
                lost += size
                continue
            }
        }
        return lost
    }
}
