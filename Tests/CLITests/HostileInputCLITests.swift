import ArtifactStore
import Foundation
import TestSupport
import Testing

/// Input that tries to escape or to damage: truncated databases, SQL in `--filter`, import folders
/// with symbolic links, `--out` paths through `..` and symbolic links.
@Suite struct HostileInputCLITests {
    /// A database with two finished runs, checkpointed and closed.
    static func populatedDatabase(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("db.sqlite")
        try fill(path)
        return path
    }

    /// Records the runs and a 200 kB blob; the store is closed (and its WAL checkpointed into the
    /// file) when this returns.
    private static func fill(_ path: String) throws {
        let store = try Store(path: path)
        for index in 0..<2 {
            _ = try store.record(
                FinishedRun(
                    canonicalSpec: "{\"run\":\(index)}", kind: "train", status: .done, seed: Int64(index),
                    engineVersion: "1",
                    params: ["model": .text("unet"), "note": .text(String(repeating: "x", count: 5000))],
                    metrics: ["dice": 0.5]))
        }
        _ = try store.put(kind: try ArtifactKind("blob"), bytes: StoreFixtures.bytes(count: 200_000, seed: 3))
    }

    @Test(arguments: [
        ["runs"], ["verify"], ["gc"], ["dataset", "list"], ["seeds"], ["show", "abcdef0123"],
        ["runs", "--filter", "kind = 'train'"],
    ])
    func aDatabaseCutToHalfItsSizeIsRefusedWithOneErrorLine(_ command: [String]) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.populatedDatabase(in: directory)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try MSDBProcess.run(["--db", path] + command)
        #expect(outcome.status != 0, "\(command): \(outcome.stdout)")
        #expect(outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("truncated"), "\(outcome.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the refused file was changed")
    }

    @Test(arguments: [
        "params.model = 'x'' OR 1=1; DROP TABLE runs; --'",
        "params.model = \"unet\"); DELETE FROM blobs; --",
        "kind = 'train' or kind like '%'' ; UPDATE runs SET status = ''failed''; --'",
        "status = 'done'; DROP TABLE runs",
        "params.note in ['a'', (SELECT 1)) --', 'b']",
    ])
    func sqlInFilterIsOnlyEverAValueAndLeavesTheDataIntact(_ filter: String) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.populatedDatabase(in: directory)
        let before = try StoreFixtures.strings(path: path, sql: "SELECT id || status FROM runs ORDER BY id")
        let blobs = try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM blobs")
        let outcome = try MSDBProcess.run(["--db", path, "runs", "--filter", filter])
        #expect(outcome.status == 0 || outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)")
        #expect(
            try StoreFixtures.strings(path: path, sql: "SELECT id || status FROM runs ORDER BY id") == before)
        #expect(try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM blobs") == blobs)
        #expect(try MSDBProcess.run(["--db", path, "verify"]).status == 0)
    }

    @Test func aReadOnlyDatabaseServesReadsRefusesWritesAndStaysByteIdentical() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.populatedDatabase(in: directory)
        let id = try #require(
            try StoreFixtures.strings(path: path, sql: "SELECT id FROM runs").first)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let runs = try MSDBProcess.run(["--db", path, "runs"])
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.contains(String(id.prefix(8))), "\(runs.stdout)")
        #expect(try MSDBProcess.run(["--db", path, "show", id]).status == 0)
        #expect(try MSDBProcess.run(["--db", path, "verify"]).status == 0)

        let mask = try PrimitiveFixtures.path("network_crop_mask.png")
        for command in [
            ["tag", "add", "exp", id], ["kde", mask, "--bandwidth", "2", "--out", directory.path("map.png")],
            ["gc"],
        ] {
            let outcome = try MSDBProcess.run(["--db", path] + command)
            #expect(outcome.status != 0, "\(command) succeeded on a read-only file")
            #expect(outcome.stderr.hasPrefix("error: "), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("read-only"), "\(command): \(outcome.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the read-only file changed")
    }
}
