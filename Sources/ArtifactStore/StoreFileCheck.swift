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
        let header = (try? handle.read(upToCount: sqliteHeader.count)) ?? Data()
        try? handle.close()
        if header.isEmpty { return }  // an empty file is an empty database
        guard Array(header) == sqliteHeader else { throw .notADatabase(path: path) }
        try checkSchema(path: path)
    }

    /// Reads the migration table through a read-only connection: refuses foreign databases and
    /// databases migrated by a newer msdb.
    private static func checkSchema(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Store.busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let (hasUserTables, applied) = try queue.read { db in
                let tables = try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                guard tables.contains("grdb_migrations") else { return (!tables.isEmpty, [String]()) }
                return (true, try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            try queue.close()
            if hasUserTables && applied.isEmpty { throw StoreError.notAnMSDBDatabase(path: path) }
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
