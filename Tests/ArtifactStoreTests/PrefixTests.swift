import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct PrefixTests {
    @Test func aUniquePrefixOfEightOrMoreCharactersResolves() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let id = try store.put(kind: .label, bytes: Data("mask".utf8))
        _ = try store.put(kind: .label, bytes: Data("other".utf8))
        for length in [8, 12, 63, 64] {
            #expect(try store.resolveBlob(IDPrefix(String(id.hex.prefix(length)))) == id)
        }
        #expect(try store.resolveBlob(IDPrefix(id.hex.prefix(10).uppercased())) == id)
    }

    @Test(arguments: ["", "abc1234", "xyz12345", "abcd-1234", String(repeating: "a", count: 65)])
    func tooShortOrNonHexPrefixesAreMalformed(text: String) {
        #expect(throws: StoreError.malformedID(text)) { try IDPrefix(text) }
    }

    @Test func anAmbiguousPrefixListsItsCandidates() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        _ = try Store(path: path)
        // Ids sharing 8 characters need 2^32 tries to find by hashing; plant the rows instead.
        let planted = [
            "deadbeef" + String(repeating: "0", count: 56), "deadbeef" + String(repeating: "1", count: 56),
        ]
        for id in planted {
            try StoreFixtures.execute(
                path: path,
                sql: """
                    INSERT INTO blobs (id, kind, raw_size, stored_size, codec, bytes, created_at)
                    VALUES ('\(id)', 'label', 0, 0, 'zlib', x'', '2026-01-01T00:00:00.000Z')
                    """)
        }
        let store = try Store(path: path)
        #expect(throws: StoreError.ambiguousPrefix("deadbeef", candidates: planted, more: 0)) {
            try store.resolveBlob(IDPrefix("deadbeef"))
        }
        let error = StoreError.ambiguousPrefix("deadbeef", candidates: planted, more: 0)
        #expect(error.description.contains(planted[0]) && error.description.contains(planted[1]))
        #expect(try store.resolveBlob(IDPrefix("deadbeef1")).hex == planted[1])
        #expect(throws: StoreError.notFound(what: "blob", id: "deadbeef2")) {
            try store.resolveBlob(IDPrefix("deadbeef2"))
        }
    }

    @Test func runIDsResolveByPrefixToo() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let run = FinishedRun(canonicalSpec: #"{"kind":"noop"}"#, kind: "noop", seed: 1, engineVersion: "1")
        let id = try store.record(run)
        #expect(try store.resolveRun(IDPrefix(String(id.hex.prefix(8)))) == id)
        #expect(throws: StoreError.self) { try store.resolveBlob(IDPrefix(String(id.hex.prefix(8)))) }
    }
}
