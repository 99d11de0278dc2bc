public import Foundation
import GRDB

/// What the store knows about a blob without reading its bytes.
public struct BlobInfo: Sendable, Equatable, Codable {
    public let id: ContentID
    public let kind: ArtifactKind
    public let rawSize: Int
    public let storedSize: Int
    public let codec: String
    public let createdAt: String
}

/// A blob's kind and its verified, decompressed bytes.
public struct Blob: Sendable {
    public let id: ContentID
    public let kind: ArtifactKind
    public let bytes: Data
}

extension Store {
    /// The largest blob one SQLite value holds (SQLITE_MAX_LENGTH, 10⁹ bytes by default).
    public static let maximumBlobSize = 1_000_000_000

    /// Stores `bytes` as an artifact of `kind` and returns its id. Storing the same kind and bytes
    /// again returns the same id and writes nothing (deduplication).
    @discardableResult
    public func put(kind: ArtifactKind, bytes: Data) throws(StoreError) -> ContentID {
        let id = ContentID.blob(kind: kind, bytes: bytes)
        if try exists(id) { return id }
        // One deflate call takes at most 4 GiB; one SQLite value holds at most maximumBlobSize.
        guard bytes.count < Int(UInt32.max) else { throw .blobTooLarge(bytes: bytes.count) }
        // Compress outside the transaction: the write lock is held only for the insert.
        let compressed = ZlibCodec.compress(bytes, strategy: .init(kind: kind))
        guard compressed.count <= Self.maximumBlobSize else { throw .blobTooLarge(bytes: bytes.count) }
        let now = Timestamp.now()
        try write { db in
            // OR IGNORE: another process may have stored the same blob since `exists` looked.
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO blobs (id, kind, raw_size, stored_size, codec, bytes, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.hex, kind.name, bytes.count, compressed.count, ZlibCodec.name, compressed, now,
                ])
            TestStall.reach("blob.\(kind.name)")
        }
        return id
    }

    /// Whether a blob with this exact id is stored.
    public func exists(_ id: ContentID) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM blobs WHERE id = ?)", arguments: [id.hex]) ?? false
        }
    }

    /// The blob's metadata, or nil if it is not stored.
    public func info(_ id: ContentID) throws(StoreError) -> BlobInfo? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT id, kind, raw_size, stored_size, codec, created_at FROM blobs WHERE id = ?",
                arguments: [id.hex]
            ).map(BlobInfo.init(row:))
        }
    }

    /// Reads a blob and checks its bytes against its id. A damaged blob throws `corruptBlob`;
    /// its bytes are never returned.
    public func get(_ id: ContentID) throws(StoreError) -> Blob {
        let row = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT kind, raw_size, stored_size, codec, bytes FROM blobs WHERE id = ?",
                arguments: [id.hex])
        }
        guard let row else { throw .notFound(what: "blob", id: id.hex) }
        let bytes: Data = row["bytes"]
        let kindName: String = row["kind"]
        let kind = try ArtifactKind(kindName)
        switch BlobCheck.inflateAndCheck(
            id: id, kind: kind, codec: row["codec"], rawSize: row["raw_size"], stored: bytes)
        {
        case .success(let raw): return Blob(id: id, kind: kind, bytes: raw)
        case .failure(let failure): throw .corruptBlob(id: id.hex, reason: failure.reason)
        }
    }

    /// Resolves a full id or a prefix of 8+ hex characters to the one stored blob it names.
    public func resolveBlob(_ prefix: IDPrefix) throws(StoreError) -> ContentID {
        try resolve(prefix, table: "blobs", what: "blob")
    }

    /// Resolves a prefix against the ids of `table`; an ambiguous prefix lists its candidates.
    func resolve(_ prefix: IDPrefix, table: String, what: String) throws(StoreError) -> ContentID {
        let shown = 10
        // A prefix is validated hex, so it holds no GLOB metacharacters; it is still bound, not spliced.
        let matches = try read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM \(table) WHERE id GLOB ? || '*' ORDER BY id LIMIT ?",
                arguments: [prefix.text, shown + 1])
        }
        guard let first = matches.first, let id = ContentID(hex: first) else {
            throw .notFound(what: what, id: prefix.text)
        }
        guard matches.count == 1 else {
            let total = try read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(table) WHERE id GLOB ? || '*'", arguments: [prefix.text])
                    ?? matches.count
            }
            throw .ambiguousPrefix(
                prefix.text, candidates: Array(matches.prefix(shown)), more: total - min(total, shown))
        }
        return id
    }
}

extension BlobInfo {
    init(row: Row) throws {
        guard let id = ContentID(hex: row["id"]) else { throw StoreError.malformedID(row["id"]) }
        self.id = id
        kind = try ArtifactKind(row["kind"])
        rawSize = row["raw_size"]
        storedSize = row["stored_size"]
        codec = row["codec"]
        createdAt = row["created_at"]
    }
}

/// Inflating and re-hashing stored bytes: shared by `get` and `verify`.
enum BlobCheck {
    struct Failure: Error {
        let reason: String
    }

    static func inflateAndCheck(
        id: ContentID, kind: ArtifactKind, codec: String, rawSize: Int, stored: Data
    ) -> Result<Data, Failure> {
        guard codec == ZlibCodec.name else { return .failure(Failure(reason: "unknown codec '\(codec)'")) }
        guard rawSize >= 0, rawSize <= ZlibCodec.maximumInflatedSize(storedSize: stored.count) else {
            return .failure(
                Failure(reason: "recorded size \(rawSize) is impossible for \(stored.count) stored bytes"))
        }
        switch ZlibCodec.decompress(stored, expectedSize: rawSize) {
        case .failure(let failure):
            return .failure(Failure(reason: failure.reason))
        case .success(let raw):
            let actual = ContentID.blob(kind: kind, bytes: raw)
            guard actual == id else {
                return .failure(Failure(reason: "its content hashes to \(actual.short)…, not to its id"))
            }
            return .success(raw)
        }
    }
}
