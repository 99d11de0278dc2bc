import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct RunAndGarbageTests {
    /// A store with blobs used as input, output, pinned, and one that nothing holds.
    struct Fixture {
        let directory: TemporaryDirectory
        let store: Store
        let input: ContentID
        let output: ContentID
        let pinned: ContentID
        let orphan: ContentID
        let run: ContentID

        init() throws {
            directory = try TemporaryDirectory()
            store = try Store(path: directory.path("db.sqlite"))
            input = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 1000, seed: 1))
            output = try store.put(kind: .checkpoint, bytes: StoreFixtures.bytes(count: 2000, seed: 2))
            pinned = try store.put(kind: .figure, bytes: StoreFixtures.bytes(count: 3000, seed: 3))
            orphan = try store.put(kind: .kde, bytes: StoreFixtures.bytes(count: 4000, seed: 4))
            try store.pin(pinned, note: "imported data")
            run = try store.record(
                FinishedRun(
                    canonicalSpec: #"{"kind":"train","seed":7}"#, kind: "train", seed: 7, engineVersion: "1",
                    params: ["model": .text("unet"), "lr": .number(0.05)], metrics: ["dice": 0.81],
                    inputs: ["label": input], outputs: ["checkpoint": output]))
        }
    }

    @Test func aRecordedRunListsWithItsParamsMetricsAndLineage() throws {
        let fixture = try Fixture()
        let runs = try fixture.store.runs()
        let run = try #require(runs.first)
        #expect(runs.count == 1)
        #expect(run.id == fixture.run)
        #expect(run.id == ContentID.run(canonicalSpec: #"{"kind":"train","seed":7}"#))
        #expect(run.params == ["model": .text("unet"), "lr": .number(0.05)])
        #expect(run.metrics == ["dice": 0.81])
        #expect(run.inputs == ["label": fixture.input])
        #expect(run.outputs == ["checkpoint": fixture.output])
        #expect(run.status == .done)
        #expect(run.seed == 7)
    }

    @Test func aRunNamingAMissingArtifactIsRefusedWhole() throws {
        let fixture = try Fixture()
        let missing = try #require(ContentID(hex: String(repeating: "0", count: 64)))
        let run = FinishedRun(
            canonicalSpec: #"{"kind":"train","seed":8}"#, kind: "train", seed: 8, engineVersion: "1",
            params: ["model": .text("unet")], inputs: ["label": fixture.input],
            outputs: ["checkpoint": missing])
        #expect(throws: StoreError.missingArtifact(id: missing.hex, role: "output checkpoint")) {
            try fixture.store.record(run)
        }
        #expect(try fixture.store.runs().count == 1)
    }

    @Test func dryRunGarbageCollectionReportsOnlyTheOrphanAndDeletesNothing() throws {
        let fixture = try Fixture()
        let report = try fixture.store.collectGarbage(dryRun: true, minimumAge: 0)
        #expect(report.dryRun)
        #expect(report.ids == [fixture.orphan.hex])
        #expect(report.blobs == 1)
        #expect(report.rawBytes == 4000)
        #expect(report.storedBytes == (try fixture.store.info(fixture.orphan)?.storedSize))
        #expect(try fixture.store.exists(fixture.orphan))
    }

    @Test func garbageCollectionDeletesTheOrphanAndKeepsEverythingReachable() throws {
        let fixture = try Fixture()
        let report = try fixture.store.collectGarbage(dryRun: false, minimumAge: 0)
        #expect(report.ids == [fixture.orphan.hex])
        #expect(try !fixture.store.exists(fixture.orphan))
        for kept in [fixture.input, fixture.output, fixture.pinned] {
            #expect(try fixture.store.exists(kept))
        }
        #expect(try fixture.store.verify().isHealthy)
        #expect(try fixture.store.collectGarbage(dryRun: false, minimumAge: 0).blobs == 0)
    }

    @Test func recentOrphansSurviveTheDefaultMinimumAge() throws {
        let fixture = try Fixture()
        let report = try fixture.store.collectGarbage(dryRun: false)
        #expect(report.blobs == 0)
        #expect(report.keptAsRecent == 1)
        #expect(try fixture.store.exists(fixture.orphan))
    }

    @Test func unpinningMakesABlobCollectable() throws {
        let fixture = try Fixture()
        try fixture.store.unpin(fixture.pinned)
        let report = try fixture.store.collectGarbage(dryRun: true, minimumAge: 0)
        #expect(Set(report.ids) == [fixture.orphan.hex, fixture.pinned.hex])
    }
}
