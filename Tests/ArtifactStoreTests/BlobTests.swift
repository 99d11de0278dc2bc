import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct BlobTests {
    @Test(arguments: [0, 1, 7, 4096, 300_000])
    func blobsRoundTripByteForByte(size: Int) throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let bytes = StoreFixtures.bytes(count: size, seed: UInt64(size))
        let id = try store.put(kind: .label, bytes: bytes)
        let blob = try store.get(id)
        #expect(blob.bytes == bytes)
        #expect(blob.kind == .label)
        let info = try #require(try store.info(id))
        #expect(info.rawSize == size)
        #expect(info.codec == "zlib")
    }

    @Test func theIDIsTheSHA256OfKindZeroByteAndContentAsSha256sumComputesIt() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let content = StoreFixtures.bytes(count: 5000, seed: 3)
        let id = try store.put(kind: .prediction, bytes: content)
        var hashed = Data("prediction".utf8)
        hashed.append(0)
        hashed.append(content)
        #expect(id.hex == (try StoreFixtures.sha256sum(of: hashed, in: directory)))
    }

    @Test func storingTheSameBytesTwiceKeepsOneCopy() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let bytes = StoreFixtures.bytes(count: 10_000, seed: 1)
        let first = try store.put(kind: .checkpoint, bytes: bytes)
        let second = try store.put(kind: .checkpoint, bytes: bytes)
        #expect(first == second)
        #expect(try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM blobs") == 1)
    }

    @Test func theSameBytesUnderAnotherKindAreAnotherArtifact() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let bytes = Data([0, 1, 1, 0])
        let asLabel = try store.put(kind: .label, bytes: bytes)
        let asImage = try store.put(kind: .image, bytes: bytes)
        #expect(asLabel != asImage)
        #expect(try store.get(asImage).kind == .image)
    }

    @Test func concurrentPutsOfOneBlobStoreItOnce() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let bytes = StoreFixtures.bytes(count: 50_000, seed: 11)
        let ids = try await withThrowingTaskGroup(of: ContentID.self) { group in
            for _ in 0..<8 { group.addTask { try store.put(kind: .kde, bytes: bytes) } }
            return try await group.reduce(into: Set<ContentID>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM blobs") == 1)
    }

    @Test func aSixtyFourMegabyteCheckpointRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let bytes = StoreFixtures.bytes(count: 64 * 1024 * 1024, seed: 64)
        let id = try store.put(kind: .checkpoint, bytes: bytes)
        let blob = try store.get(id)
        #expect(blob.bytes.count == bytes.count)
        #expect(blob.bytes == bytes)
    }

    @Test func unknownIDsAreNotFoundErrors() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let missing = try #require(ContentID(hex: String(repeating: "ab", count: 32)))
        #expect(throws: StoreError.notFound(what: "blob", id: missing.hex)) { try store.get(missing) }
        #expect(try store.exists(missing) == false)
        #expect(try store.info(missing) == nil)
    }

    @Test(arguments: ["", "Label", "9kind", "a b", "x/y", String(repeating: "k", count: 33)])
    func malformedKindsAreRefused(name: String) {
        #expect(throws: StoreError.malformedKind(name)) { try ArtifactKind(name) }
    }
}
