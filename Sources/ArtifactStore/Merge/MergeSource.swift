import Foundation
import GRDB

/// A database to merge from, opened so that it is never changed.
///
/// A source written by this msdb's schema is read through a read-only connection. A source
/// written by an older msdb is copied (SQLite's online backup, read-only on the source) into a
/// scratch file, which is migrated and read instead; the scratch file is removed by `close()`.
/// A file that is not an msdb database, or one written by a newer msdb, is refused as
/// `Store(path:)` refuses it.
final class MergeSource {
    /// The path as given.
    let path: String
    /// The absolute, standardised path: what a divergent copy records as its source.
    let absolutePath: String
    /// Whether the source's schema was older, so that a migrated scratch copy is read.
    let migratedCopy: Bool
    let reader: any DatabaseReader
    private let scratchStore: Store?
    private let scratchDirectory: URL?

    init(path: String) throws(StoreError) {
        self.path = path
        absolutePath = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            throw .cannotOpen(
                path: path, reason: isDirectory.boolValue ? "it is a directory" : "no such file")
        }
        // Looked at first: the schema check's read-only connection creates the log files it needs.
        let hadLog = FileManager.default.fileExists(atPath: path + "-wal")
        try StoreFileCheck.checkBeforeOpening(path: path)
        let readOnly = try Self.readOnlyQueue(path: path, hadLog: hadLog)
        let applied: [String]
        do {
            applied = try readOnly.read { db in
                try db.tableExists("grdb_migrations")
                    ? String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
        guard Set(applied) != Set(SchemaMigrations.names) else {
            reader = readOnly
            migratedCopy = false
            scratchStore = nil
            scratchDirectory = nil
            return
        }
        // An older schema: migrate a copy, never the user's file.
        let directory = FileManager.default.temporaryDirectory.appending(
            path: "msdb-merge-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        let scratch = directory.appending(path: "source.sqlite").path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let destination = try DatabaseQueue(path: scratch)
            try readOnly.backup(to: destination)
            try destination.close()
            try readOnly.close()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .cannotOpen(path: path, reason: "cannot copy it for migration: \(error)")
        }
        let store: Store
        do {
            store = try Store(path: scratch)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw StoreError.wrapping(error, path: path)
        }
        scratchStore = store
        reader = store.pool
        migratedCopy = true
        scratchDirectory = directory
    }

    /// Closes the source and removes a scratch copy.
    func close() {
        if let scratchStore {
            scratchStore.close()
        } else if let queue = reader as? DatabaseQueue {
            try? queue.close()
        }
        if let scratchDirectory { try? FileManager.default.removeItem(at: scratchDirectory) }
    }

    /// A connection through which the source is only read: every access is a GRDB `read`, which
    /// runs with SQLite's `query_only` on. Without a write-ahead log beside the file the connection
    /// is an ordinary one, because SQLite removes the `-wal` and `-shm` files it creates for a WAL
    /// database only when the last connection to close may write (checkpointing an empty log
    /// writes nothing to the file). With a log, which another process may be writing or a killed
    /// one left, it is a read-only connection, which never copies the log into the file.
    private static func readOnlyQueue(path: String, hadLog: Bool) throws(StoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = hadLog || StoreFileCheck.isReadOnly(path: path)
        configuration.busyMode = .timeout(Store.busyTimeout)
        configuration.label = "msdb merge source"
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// Whether two paths name the same file (the same device and inode), however they are spelled.
    static func isSameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
