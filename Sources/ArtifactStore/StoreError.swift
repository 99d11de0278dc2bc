/// Everything that can go wrong when opening or using an msdb database, worded for the person
/// who typed the command.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The path exists but is not an SQLite database; it was left untouched.
    case notADatabase(path: String)
    /// An SQLite database that msdb did not create (it has no migration table).
    case notAnMSDBDatabase(path: String)
    /// The file was migrated by a newer msdb; this binary does not know `unknownMigrations`.
    case schemaTooNew(path: String, unknownMigrations: [String])
    /// The database could not be opened or read at all.
    case cannotOpen(path: String, reason: String)
    /// An id or id prefix that is not 8–64 hexadecimal characters.
    case malformedID(String)
    /// An artifact kind outside `[a-z][a-z0-9_-]*`.
    case malformedKind(String)
    /// No blob or run has this id or prefix.
    case notFound(what: String, id: String)
    /// More than one id starts with this prefix.
    case ambiguousPrefix(String, candidates: [String], more: Int)
    /// The stored bytes of a blob no longer match its id: never returned as data.
    case corruptBlob(id: String, reason: String)
    /// A database being merged holds a damaged blob (and `more` others): it is refused. With
    /// `nothingWritten` the damage was found before anything was written to the target; otherwise
    /// the runs merged before it are kept and nothing that depends on the blob was written.
    case damagedSource(path: String, blob: String, reason: String, more: Int, nothingWritten: Bool)
    /// A run refers to an artifact the store does not hold.
    case missingArtifact(id: String, role: String)
    /// This process no longer holds the claim on a run (another process took it over).
    case claimLost(run: String, holder: String?)
    /// An experiment (tag) name that is empty, too long or spans lines.
    case malformedTag(String)
    /// A `--filter` or `--sort` that cannot be used.
    case invalidFilter(FilterError)
    /// A blob too large for one SQLite value (about 1 GB).
    case blobTooLarge(bytes: Int)
    /// The file system holding the database has no space left (or the process hit its file-size
    /// limit). The transaction that needed the space was rolled back; what was committed stays.
    case diskFull(path: String)
    /// The database cannot be written: no write permission, or its file system is read-only.
    case readOnly(path: String)
    /// An SQLite or GRDB failure that is none of the above.
    case database(String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not an SQLite database (left untouched)"
        case .notAnMSDBDatabase(let path):
            "\(path) is an SQLite database but not an msdb one (no migration table; left untouched)"
        case .schemaTooNew(let path, let unknown):
            "\(path) has schema migrations this msdb does not know (\(unknown.joined(separator: ", "))): "
                + "it was written by a newer msdb; upgrade msdb (file left untouched)"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .malformedID(let id):
            "'\(id)' is not an id: expected 8 to 64 hexadecimal characters"
        case .malformedKind(let kind):
            "'\(kind)' is not an artifact kind: expected lowercase letters, digits, '_' or '-'"
        case .notFound(let what, let id):
            "no \(what) with id \(id)"
        case .ambiguousPrefix(let prefix, let candidates, let more):
            "id prefix \(prefix) is ambiguous; it matches \(candidates.joined(separator: ", "))"
                + (more > 0 ? " and \(more) more" : "")
        case .corruptBlob(let id, let reason):
            "blob \(id) is damaged: \(reason); its bytes were not returned (run 'msdb verify')"
        case .damagedSource(let path, let blob, let reason, let more, let nothingWritten):
            "cannot merge \(path): its blob \(blob) is damaged (\(reason))"
                + (more > 0 ? ", and \(more) more blob\(more == 1 ? " is" : "s are")" : "")
                + (nothingWritten
                    ? "; nothing was written to the target"
                    : "; runs merged before it are kept, nothing that needs it was written")
                + " (run 'msdb verify --db \(path)')"
        case .missingArtifact(let id, let role):
            "artifact \(id) (role \(role)) is not in the store"
        case .claimLost(let run, let holder):
            "run \(run) is no longer claimed by this process"
                + (holder.map { " (now computed by \($0))" } ?? " (it is not running)")
        case .malformedTag(let name):
            "'\(name)' is not a tag name: use 1 to 100 characters on one line"
        case .invalidFilter(let error):
            error.description
        case .blobTooLarge(let bytes):
            "a blob of \(bytes) bytes is larger than one SQLite value can hold"
        case .diskFull(let path):
            "no space left for database \(path): the disk (or this process's file-size limit) is full; "
                + "nothing recorded was lost: free space and run the command again"
        case .readOnly(let path):
            "database \(path) is read-only (no write permission, or a read-only file system); "
                + "this command writes to it: nothing recorded was changed"
        case .database(let message):
            "database error: \(message)"
        }
    }
}
