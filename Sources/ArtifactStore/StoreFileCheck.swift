import Foundation
import GRDB

/// The checks made before a database file is opened for writing, so a wrong `--db` never
/// changes the file it points at.
enum StoreFileCheck {
    /// The 16 bytes every SQLite 3 database file starts with.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    static func checkBeforeOpening(path: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
                throw .cannotOpen(path: path, reason: "directory \(parent) does not exist")
            }
            return  // a new database will be created
        }
        guard !isDirectory.boolValue else { throw .cannotOpen(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, reason: "the file cannot be read")
        }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        let fileSize = (try? handle.seekToEnd()).map { Int($0) } ?? 0
        try? handle.close()
        if header.isEmpty { return }  // an empty file is an empty database
        guard header.starts(with: sqliteHeader) else { throw .notADatabase(path: path) }
        // With a write-ahead log beside it, the file alone is not the database: a checkpoint that
        // could not finish (a reader held an older snapshot) leaves page 1's new size in the file
        // while later pages are still only in the log, so the length check applies without one.
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        if log == 0 { try checkLength(header: header, fileSize: fileSize, path: path) }
        try checkSchema(path: path)
    }

    /// Why writing the database at `path` cannot succeed, when the file system says so: no free
    /// blocks, the file at this process's file-size limit (`ulimit -f`), or a read-only mount.
    /// Nil when none of these holds (the failure is something else).
    static func writeObstacle(path: String) -> StoreError? {
        let directory = (path as NSString).deletingLastPathComponent
        var volume = statvfs()
        if statvfs(directory.isEmpty ? "." : directory, &volume) == 0 {
            if volume.f_flag & UInt(ST_RDONLY) != 0 { return .readOnly(path: path) }
            if volume.f_bavail == 0 { return .diskFull(path: path) }
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            for file in [path, path + "-wal", path + "-shm"] {
                let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int ?? 0
                if UInt64(size) >= UInt64(limit.rlim_cur) { return .diskFull(path: path) }
            }
        }
        return nil
    }

    /// Whether `path` is an existing file with no write permission bit set (`chmod 444`) or on a
    /// file system mounted read-only.
    static func isReadOnly(path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        var volume = statvfs()
        if statvfs(path, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 { return true }
        return status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) == 0
    }

    /// Refuses a file shorter than the size its header records (a truncated copy, a cut-off
    /// download). SQLite itself would only notice when a query reaches a missing page, so a
    /// truncated file could answer some commands and fail others; it is refused up front instead.
    /// The header's page count is trusted only when valid (bytes 92-95 equal the change counter
    /// at 24-27), as SQLite does.
    static func checkLength(header: [UInt8], fileSize: Int, path: String) throws(StoreError) {
        func word(_ offset: Int) -> Int { header[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        guard header.count == 100 else {
            throw .cannotOpen(
                path: path, reason: "the file is truncated: \(fileSize) bytes, shorter than its header")
        }
        let rawPageSize = Int(header[16]) << 8 | Int(header[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        let pages = word(28)
        guard word(24) == word(92), pages > 0, pageSize >= 512 else { return }
        if pages * pageSize > fileSize {
            throw .cannotOpen(
                path: path,
                reason:
                    "the file is truncated: its header records \(pages * pageSize) bytes, the file has \(fileSize)"
            )
        }
    }

    /// Reads the migration table through a read-only connection: refuses foreign databases and
    /// databases migrated by a newer msdb.
    private static func checkSchema(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Store.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let (hasOtherTables, applied) = try queue.read { db in
                let tables = try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                guard tables.contains("grdb_migrations") else { return (!tables.isEmpty, [String]()) }
                // GRDB commits its empty migration table before the first migration's transaction:
                // a file holding only that table is one whose creation was interrupted (a kill) or
                // is under way in another process, and is migrated, not refused.
                return (
                    tables.contains { $0 != "grdb_migrations" },
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                )
            }
            try queue.close()
            if hasOtherTables && applied.isEmpty { throw StoreError.notAnMSDBDatabase(path: path) }
            let unknown = applied.filter { !SchemaMigrations.names.contains($0) }.sorted()
            if !unknown.isEmpty { throw StoreError.schemaTooNew(path: path, unknownMigrations: unknown) }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notADatabase(path: path)
        } catch let error as DatabaseError {
            throw .cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
    }
}
