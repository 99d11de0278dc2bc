public import ArtifactStore
internal import ChildProcesses
public import Foundation
import GRDB
import NumericCore
import RandomStreams

/// Ways to build and to damage databases in tests, going around the store's own API where a
/// test needs to (to corrupt bytes on disk, or to plant ids with a shared prefix).
public enum StoreFixtures {
    /// Deterministic pseudo-random bytes from msdb's own seeded stream, so failures reproduce.
    public static func bytes(count: Int, seed: UInt64) -> Data {
        var stream = RandomStream(seed: seed, stream: "test-bytes")
        var words = [UInt64](repeating: 0, count: (count + 7) / 8)
        for index in words.indices { words[index] = stream.next() }
        return words.withUnsafeBytes { Data($0.prefix(count)) }
    }

    /// Runs raw SQL on the database file, outside the store, as a damaged disk or another tool would.
    public static func execute(path: String, sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Fetches one value with raw SQL.
    public static func fetchInt(path: String, sql: String) throws -> Int? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: sql) }
    }

    /// Fetches a column of strings with raw SQL.
    public static func strings(path: String, sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }

    /// Flips the bits of one byte in the middle of a blob's stored (compressed) bytes.
    public static func flipStoredByte(path: String, id: ContentID) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            guard
                var stored = try Data.fetchOne(
                    db, sql: "SELECT bytes FROM blobs WHERE id = ?", arguments: [id.hex])
            else { throw StoreError.notFound(what: "blob", id: id.hex) }
            let index = stored.startIndex + stored.count / 2
            stored[index] ^= 0xFF
            try db.execute(sql: "UPDATE blobs SET bytes = ? WHERE id = ?", arguments: [stored, id.hex])
        }
        try queue.close()
    }

    /// Replaces a blob's stored bytes by a valid zlib stream of other content of the same length,
    /// so only the hash check can notice.
    public static func swapContent(path: String, id: ContentID, with other: ContentID) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    UPDATE blobs SET bytes = (SELECT bytes FROM blobs WHERE id = ?),
                                     stored_size = (SELECT stored_size FROM blobs WHERE id = ?)
                    WHERE id = ?
                    """,
                arguments: [other.hex, other.hex, id.hex])
        }
        try queue.close()
    }

    /// The SHA-256 of a file as the system's `sha256sum` computes it: an independent reference.
    public static func sha256sum(of data: Data, in directory: TemporaryDirectory) throws -> String {
        let file = directory.url.appending(path: "sha256sum-input-\(UUID().uuidString)")
        try data.write(to: file)
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["sha256sum", file.path],
            standardError: .inherit)
        let output = child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile()
        child.wait()
        return String(String(decoding: output, as: UTF8.self).prefix(64))
    }
}
