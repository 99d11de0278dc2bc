import Foundation
import GRDB

/// Checking and copying a merge source's blobs. Blobs are copied as stored (compressed bytes,
/// sizes, codec and creation time unchanged), never recompressed, and only after they were inflated
/// and re-hashed against their id with the store's own check (`BlobCheck`).
enum MergeBlobs {
    /// A blob of the source that failed its check.
    struct Damage: Error {
        let id: String
        let reason: String
    }

    /// A row of the source's `blobs`.
    struct StoredBlob: Sendable {
        let id: String
        let kind: String
        let rawSize: Int
        let codec: String
        let bytes: Data
        let createdAt: String

        /// Reads blob `id` from `db`; nil when it holds none.
        static func fetch(_ id: String, from db: Database) throws -> StoredBlob? {
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT kind, raw_size, codec, bytes, created_at FROM blobs WHERE id = ?"),
                arguments: [id]
            ).map {
                StoredBlob(
                    id: id, kind: $0["kind"], rawSize: $0["raw_size"], codec: $0["codec"], bytes: $0["bytes"],
                    createdAt: $0["created_at"])
            }
        }
    }

    /// Inflates and re-hashes the source's blobs `ids` (sorted), in batches of at most
    /// `batchBytes` stored bytes checked on all cores. Returns the damaged ones, in `ids` order.
    static func check(
        _ ids: [String], in source: Database, progress: (Int, Int) -> Void
    ) throws -> [Damage] {
        let batchBytes = 64 << 20
        var damaged: [Damage] = []
        var batch: [StoredBlob] = []
        var batchSize = 0
        var done = 0
        func flush() {
            damaged += checkConcurrently(batch)
            done += batch.count
            batch.removeAll(keepingCapacity: true)
            batchSize = 0
            progress(done, ids.count)
        }
        for id in ids {
            guard let blob = try StoredBlob.fetch(id, from: source) else {
                damaged.append(Damage(id: id, reason: "a run references it but the source does not hold it"))
                continue
            }
            batch.append(blob)
            batchSize += blob.bytes.count
            if batchSize >= batchBytes { flush() }
        }
        flush()
        let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return damaged.sorted { order[$0.id, default: 0] < order[$1.id, default: 0] }
    }

    /// Checks one batch on all cores.
    private static func checkConcurrently(_ batch: [StoredBlob]) -> [Damage] {
        let collected = DamageList()
        DispatchQueue.concurrentPerform(iterations: batch.count) { index in
            if let damage = check(batch[index]) { collected.append(damage) }
        }
        return collected.items
    }

    /// The store's read check on a source blob: nil when its bytes hash to its id.
    static func check(_ blob: StoredBlob) -> Damage? {
        guard let contentID = ContentID(hex: blob.id) else {
            return Damage(id: blob.id, reason: "malformed id")
        }
        guard let kind = try? ArtifactKind(blob.kind) else {
            return Damage(id: blob.id, reason: "malformed kind")
        }
        switch BlobCheck.inflateAndCheck(
            id: contentID, kind: kind, codec: blob.codec, rawSize: blob.rawSize, stored: blob.bytes)
        {
        case .success: return nil
        case .failure(let failure): return Damage(id: blob.id, reason: failure.reason)
        }
    }

    /// Copies blob `id` from the source into the target `db` unless the target holds it. A blob not
    /// in `checked` (the target lost it after the check pass looked) is checked first.
    /// Returns the (stored, raw) bytes added, or nil when nothing was written.
    static func copy(
        _ id: String, from source: Database, into db: Database, checked: Set<String>
    ) throws -> (stored: Int, raw: Int)? {
        let present =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM blobs WHERE id = ?)"), arguments: [id])
            ?? false
        if present { return nil }
        guard let blob = try StoredBlob.fetch(id, from: source) else {
            throw Damage(id: id, reason: "a run references it but the source does not hold it")
        }
        if !checked.contains(id), let damage = check(blob) { throw damage }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO blobs (id, kind, raw_size, stored_size, codec, bytes, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, blob.kind, blob.rawSize, blob.bytes.count, blob.codec, blob.bytes, blob.createdAt,
            ])
        guard db.changesCount == 1 else { return nil }
        return (blob.bytes.count, blob.rawSize)
    }
}

/// Damage found by concurrent checks, under one lock.
private final class DamageList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [MergeBlobs.Damage] = []

    func append(_ damage: MergeBlobs.Damage) {
        lock.withLock { list.append(damage) }
    }

    var items: [MergeBlobs.Damage] { lock.withLock { list } }
}
