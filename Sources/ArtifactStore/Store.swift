public import Foundation
import GRDB

/// One msdb database file: content-addressed blobs, runs, their parameters, metrics and lineage.
///
/// A `Store` wraps one GRDB `DatabasePool` in WAL mode, so several msdb processes can share a file:
/// readers never block, writers wait for each other up to `busyTimeout`. Opening applies the
/// migrations of `schema/` that the file lacks. Every invariant is written in one transaction.
public struct Store: Sendable {
    /// How long a writer waits for another process's write before giving up.
    public static let busyTimeout: TimeInterval = 60

    /// The path the store was opened from.
    public let path: String

    let pool: DatabasePool

    /// Opens the database at `path`, creating it if it does not exist, and migrates it; with
    /// `readOnly` (for viewers such as `msdb serve`), opens an existing file without ever writing
    /// to it, and refuses one that needs migrating.
    ///
    /// A file that is not an SQLite database, an SQLite database msdb did not create, and a
    /// database from a newer msdb are refused before anything is written to them.
    public init(path: String, readOnly requestedReadOnly: Bool = false) throws(StoreError) {
        self.path = path
        if requestedReadOnly && !FileManager.default.fileExists(atPath: path) {
            throw .cannotOpen(path: path, reason: "no such file")
        }
        try StoreFileCheck.checkBeforeOpening(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "msdb"
        // A file without write permission, or on a read-only file system, is opened read-only
        // (even for root, who could write it anyway): reading commands work, writing commands
        // fail with a clear error, the file is left byte-identical.
        let readOnly = requestedReadOnly || StoreFileCheck.isReadOnly(path: path)
        configuration.readonly = readOnly
        do {
            pool = try Self.openPool(path: path, configuration: configuration)
            if !readOnly {
                try Self.migrate(pool)
            } else if try !pool.read({ try SchemaMigrations.migrator.hasCompletedMigrations($0) }) {
                throw StoreError.cannotOpen(
                    path: path,
                    reason: requestedReadOnly
                        ? "the file needs upgrading by this msdb: any msdb command that writes (e.g. `msdb verify`) upgrades it"
                        : "the file is read-only and needs upgrading by this msdb")
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            // A full disk or a read-only file system can stop even the opening (WAL recovery).
            switch StoreError.wrapping(error, path: path) {
            case .diskFull(let path): throw .diskFull(path: path)
            case .readOnly(let path): throw .readOnly(path: path)
            default: throw .cannotOpen(path: path, reason: error.message ?? error.description)
            }
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// Opens the pool. Processes that open a new file at once can meet each other's switch to WAL,
    /// which SQLite answers with "database is locked" at once instead of waiting (waiting could
    /// deadlock); that is retried.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        try retryingWhileOthersOpen {
            try DatabasePool(path: path, configuration: configuration)
        } retries: { error in
            (error as? DatabaseError)?.resultCode == .SQLITE_BUSY
        }
    }

    /// Applies the missing migrations. GRDB looks at the applied ones outside the transaction
    /// that applies the next, so processes that open a new file at once can both try the first
    /// migration ("table blobs already exists") or meet the switch to WAL ("database is locked").
    /// A failed attempt is retried, and succeeds as soon as the file is migrated, by this process
    /// or another.
    private static func migrate(_ pool: DatabasePool) throws {
        try retryingWhileOthersOpen {
            do {
                try SchemaMigrations.migrator.migrate(pool)
            } catch {
                let done = try? pool.read { try SchemaMigrations.migrator.hasCompletedMigrations($0) }
                if done != true { throw error }
            }
        } retries: { _ in
            true
        }
    }

    /// Runs `body` until it succeeds, every 0.1 s for at most 50 attempts (about 5 s) while
    /// `retries` says its failure may come from another process opening the same new file.
    private static func retryingWhileOthersOpen<Value>(
        _ body: () throws -> Value, retries: (any Error) -> Bool
    ) throws -> Value {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch  where attempt < 50 && retries(error) {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// The names of the migrations applied to this file, in order.
    /// Closes the file, after copying every committed transaction from the write-ahead log into
    /// the database file (a passive checkpoint: it never waits for another process's readers), so
    /// that the file alone holds every committed run and a copy of it loses nothing; without other
    /// processes on the file, the log and its index are removed. The store must not be used
    /// afterwards; closing twice does nothing.
    public func close() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        // Readers first (releasing memory closes the idle ones), so that the writer is the last
        // connection: SQLite then removes the log when no other process has the file open.
        pool.releaseMemory()
        try? pool.close()
    }

    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try SchemaMigrations.migrator.appliedMigrations(db) }
    }

    // MARK: Transactions with store errors

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }
}

extension StoreError {
    /// Passes a `StoreError` thrown inside a transaction through, and words any other failure:
    /// a full disk and a read-only file or file system get their own cases, so the person who typed
    /// the command reads why, not an SQLite result code.
    static func wrapping(_ error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_FULL:
                return .diskFull(path: path)
            case .SQLITE_READONLY:
                return .readOnly(path: path)
            case .SQLITE_IOERR, .SQLITE_CANTOPEN:
                // A short write is SQLITE_FULL, but a write refused outright (EFBIG past the file-size
                // limit, EROFS) is only an I/O error: look at the file system for the reason.
                if let cause = StoreFileCheck.writeObstacle(path: path) { return cause }
            default:
                break
            }
            return .database(databaseError.message ?? databaseError.description)
        }
        return .database(String(describing: error))
    }
}
