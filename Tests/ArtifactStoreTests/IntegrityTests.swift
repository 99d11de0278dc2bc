import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct IntegrityTests {
    @Test func verifyPassesOnAHealthyStoreAndCountsEveryByte() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let sizes = [10, 2000, 70_000]
        for (index, size) in sizes.enumerated() {
            try store.put(kind: .label, bytes: StoreFixtures.bytes(count: size, seed: UInt64(index)))
        }
        let report = try store.verify()
        #expect(report.isHealthy)
        #expect(report.blobsChecked == 3)
        #expect(report.rawBytes == sizes.reduce(0, +))
        #expect(report.integrity == ["ok"])
    }

    @Test func aFlippedStoredByteIsNamedByVerifyAndRefusedByGet() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let damaged = try store.put(kind: .checkpoint, bytes: StoreFixtures.bytes(count: 20_000, seed: 5))
        let intact = try store.put(kind: .checkpoint, bytes: StoreFixtures.bytes(count: 20_000, seed: 6))
        try StoreFixtures.flipStoredByte(path: path, id: damaged)

        let report = try store.verify()
        #expect(!report.isHealthy)
        #expect(report.corrupt.map(\.id) == [damaged.hex])
        #expect(throws: StoreError.self) { try store.get(damaged) }
        #expect(try store.get(intact).bytes == StoreFixtures.bytes(count: 20_000, seed: 6))
    }

    @Test func contentThatInflatesCleanlyButHashesWrongIsCaught() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let victim = try store.put(kind: .label, bytes: Data(repeating: 1, count: 4096))
        let donor = try store.put(kind: .label, bytes: Data(repeating: 2, count: 4096))
        try StoreFixtures.swapContent(path: path, id: victim, with: donor)
        do {
            _ = try store.get(victim)
            Issue.record("a blob with swapped content was returned")
        } catch {
            guard case .corruptBlob(let id, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(id == victim.hex)
            #expect(reason.contains("hashes to"))
        }
        #expect(try store.verify().corrupt.map(\.id) == [victim.hex])
    }

    @Test func anImpossibleRecordedSizeIsCaughtWithoutAllocatingIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let id = try store.put(kind: .label, bytes: Data(repeating: 7, count: 100))
        try StoreFixtures.execute(
            path: path, sql: "UPDATE blobs SET raw_size = 9000000000000 WHERE id = '\(id.hex)'")
        #expect(throws: StoreError.self) { try store.get(id) }
        #expect(try store.verify().corrupt.map(\.id) == [id.hex])
    }

    @Test func everyWorkerLayoutChecksEveryBlobAndNamesEachDamagedOne() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        var ids: [ContentID] = []
        for index in 0..<200 {
            ids.append(
                try store.put(
                    kind: .label, bytes: StoreFixtures.bytes(count: 100 + index, seed: UInt64(index))))
        }
        let damaged = [ids[0], ids[64], ids[199]]
        for id in damaged { try StoreFixtures.flipStoredByte(path: path, id: id) }
        for workers in [1, 2, 3, 8] {
            let report = try store.verify(workers: workers)
            #expect(report.blobsChecked == 200, "workers: \(workers)")
            #expect(report.corrupt.map(\.id) == damaged.map(\.hex).sorted(), "workers: \(workers)")
        }
    }
}
