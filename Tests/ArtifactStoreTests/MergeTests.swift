import ArtifactStore
import Foundation
import RandomStreams
import TestSupport
import Testing

/// `Store.merge(from:filter:)` on shards built with the store's API: a dataset run shared by every
/// shard, and per shard a chain label → train with its own seed.
@Suite struct MergeTests {
    /// The runs and artifacts of one shard's chain.
    struct Chain {
        let dataset, label, train: ContentID
        let manifest, clean, noisy, checkpoint: ContentID
    }

    /// Records dataset(seed 0) → label(seed) → train(seed) in `store`; the dataset run and its
    /// blobs are the same in every shard, the rest depends on `seed`.
    @discardableResult
    static func recordChain(in store: Store, seed: UInt64, metric: Double? = nil) throws -> Chain {
        let manifest = try store.put(kind: .dataset, bytes: Data("{\"manifest\":0}".utf8))
        let clean = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 3_000, seed: 1))
        let dataset = try store.record(
            FinishedRun(
                canonicalSpec: "{\"kind\":\"dataset\",\"seed\":0}", kind: "dataset", seed: 0,
                engineVersion: "4",
                params: ["generator": .text("er"), "train": .number(2)], metrics: ["samples": 3],
                outputs: ["manifest": manifest, "train/000/label": clean]))
        let noisy = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 3_000, seed: 100 + seed))
        let label = try store.record(
            FinishedRun(
                canonicalSpec: "{\"kind\":\"label\",\"seed\":\(seed)}", kind: "label", seed: Int64(seed),
                engineVersion: "4", params: ["p": .number(0.3)], metrics: ["foreground": 10],
                inputs: ["clean": clean], outputs: ["label": noisy]))
        let checkpoint = try store.put(
            kind: .checkpoint, bytes: StoreFixtures.bytes(count: 20_000, seed: 200 + seed))
        let train = try store.record(
            FinishedRun(
                canonicalSpec: "{\"kind\":\"train\",\"seed\":\(seed)}", kind: "train", seed: Int64(seed),
                engineVersion: "4", params: ["model": .text("unet"), "lr": .number(0.05)],
                metrics: ["dice": metric ?? 0.5 + Double(seed) / 100],
                inputs: ["dataset": manifest, "labels": noisy], outputs: ["checkpoint": checkpoint]))
        return Chain(
            dataset: dataset, label: label, train: train, manifest: manifest, clean: clean, noisy: noisy,
            checkpoint: checkpoint)
    }

    /// A shard at `name` with chains of the given seeds, each train run tagged `seed-<s>` and
    /// every train run tagged `all`; the first chain's checkpoint pinned.
    static func shard(_ directory: TemporaryDirectory, _ name: String, seeds: [UInt64]) throws -> String {
        let path = directory.path(name)
        let store = try Store(path: path)
        for (index, seed) in seeds.enumerated() {
            let chain = try recordChain(in: store, seed: seed)
            try store.tag([chain.train], as: "seed-\(seed)")
            try store.tag([chain.train], as: "all", description: "every training")
            if index == 0 { try store.pin(chain.checkpoint, note: "kept") }
        }
        store.close()
        return path
    }

    @Test func shardsMergedInAnyOrderGiveTheSameContentAndASecondMergeAddsNothing() throws {
        let directory = try TemporaryDirectory()
        let shards = try [[1, 2], [3], [2, 4], [5, 6, 7]].enumerated().map { index, seeds in
            try Self.shard(directory, "shard-\(index).sqlite", seeds: seeds.map(UInt64.init))
        }
        let doneRuns = try Dictionary(uniqueKeysWithValues: shards.map { ($0, try Self.doneRuns(in: $0)) })
        var random = RandomStream(seed: 5, stream: "merge-order")
        var dumps: [[String]] = []
        for trial in 0..<4 {
            var order = shards
            for index in order.indices.reversed() {
                order.swapAt(index, random.nextInt(below: index + 1))
            }
            let path = directory.path("target-\(trial).sqlite")
            let target = try Store(path: path)
            var added = 0
            for shard in order { added += try target.merge(from: shard).runsAdded }
            // 1 dataset + 7 distinct seeds × (label + train).
            #expect(added == 15)
            let again = try order.map { try target.merge(from: $0) }
            #expect(again.allSatisfy { !$0.changedTarget && $0.runsAdded == 0 && $0.blobsAdded == 0 })
            #expect(again.map(\.alreadyPresent) == order.map { doneRuns[$0] })
            #expect(try target.verify().isHealthy)
            target.close()
            dumps.append(try DatabaseDump.lines(path: path))
        }
        #expect(dumps.allSatisfy { $0 == dumps[0] })
        // The merged content is the union of the shards' content, not more.
        var union: Set<String> = []
        for shard in shards { union.formUnion(try DatabaseDump.lines(path: shard)) }
        #expect(Set(dumps[0]) == union)
        #expect(dumps[0].contains { $0.hasPrefix("pins: ") })
        #expect(dumps[0].contains("experiments: all|every training"))
        #expect(dumps[0].filter { $0.hasPrefix("experiment_runs: all|") }.count == 7)
    }

    static func doneRuns(in path: String) throws -> Int {
        try StoreFixtures.fetchInt(path: path, sql: "SELECT count(*) FROM runs WHERE status = 'done'") ?? -1
    }

    @Test func aDatabaseMergedIntoItselfIsANoOp() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.shard(directory, "self.sqlite", seeds: [1])
        let before = try DatabaseDump.lines(path: path)
        let store = try Store(path: path)
        for spelling in [path, directory.url.path + "/./self.sqlite"] {
            let report = try store.merge(from: spelling)
            #expect(report.sameDatabase)
            #expect(!report.changedTarget)
        }
        try FileManager.default.createSymbolicLink(
            atPath: directory.path("link.sqlite"), withDestinationPath: path)
        #expect(try store.merge(from: directory.path("link.sqlite")).sameDatabase)
        store.close()
        #expect(try DatabaseDump.lines(path: path) == before)
    }

    @Test func aDifferentDoneResultIsKeptAsADivergentCopyAndNeverOverwrites() throws {
        let directory = try TemporaryDirectory()
        let mine = try Store(path: directory.path("mine.sqlite"))
        let ours = try Self.recordChain(in: mine, seed: 1, metric: 0.8933)
        let theirsPath = directory.path("theirs.sqlite")
        let theirs = try Store(path: theirsPath)
        try Self.recordChain(in: theirs, seed: 1, metric: 0.8951)
        // The other machine's checkpoint has other bytes: same run id, different output.
        let otherCheckpoint = try theirs.put(
            kind: .checkpoint, bytes: StoreFixtures.bytes(count: 20_000, seed: 999))
        try StoreFixtures.execute(
            path: theirsPath,
            sql:
                "UPDATE lineage SET artifact_id = '\(otherCheckpoint.hex)' WHERE run_id = '\(ours.train.hex)'"
                + " AND role = 'checkpoint'")
        theirs.close()
        let before = try #require(try mine.run(ours.train))

        let report = try mine.merge(from: theirsPath)
        #expect(report.divergent == 1 && report.divergentAdded == 1)
        #expect(report.divergentRuns == [ours.train.hex])
        #expect(report.alreadyPresent == 2 && report.runsAdded == 0)
        #expect(report.blobsAdded == 1)  // the other checkpoint, kept for the copy
        #expect(try mine.run(ours.train) == before)
        let copies = try mine.divergentCopies(of: ours.train)
        #expect(copies.count == 1)
        #expect(copies.first?.outputs["checkpoint"] == otherCheckpoint)
        #expect(copies.first?.metrics["dice"] == 0.8951)
        #expect(copies.first?.source == theirsPath)
        #expect(try mine.divergentCopyCounts() == [ours.train: 1])

        // Again: nothing new. gc keeps the copy's checkpoint, which no run references.
        let again = try mine.merge(from: theirsPath)
        #expect(again.divergent == 1 && again.divergentAdded == 0 && !again.changedTarget)
        _ = try mine.collectGarbage(dryRun: false, minimumAge: 0)
        #expect(try mine.get(otherCheckpoint).bytes.count == 20_000)
        #expect(try mine.verify().isHealthy)
        mine.close()

        // The other way round, the other result is the record and this one the copy; a database that
        // already holds both results adds nothing either way.
        let reverse = try Store(path: theirsPath)
        let back = try reverse.merge(from: directory.path("mine.sqlite"))
        #expect(back.divergent == 1 && back.divergentAdded == 1)
        #expect(try reverse.divergentCopies(of: ours.train).first?.outputs["checkpoint"] == ours.checkpoint)
        #expect(try reverse.run(ours.train)?.outputs["checkpoint"] == otherCheckpoint)
        #expect(!(try reverse.merge(from: directory.path("mine.sqlite")).changedTarget))
        reverse.close()
    }

    @Test func aDoneRunReplacesAFailedOneAndNothingReplacesADoneOne() throws {
        let directory = try TemporaryDirectory()
        let donePath = directory.path("done.sqlite")
        let done = try Store(path: donePath)
        let chain = try Self.recordChain(in: done, seed: 1)
        done.close()
        // The target tried the same training and failed, leaving a checkpoint of its own.
        let failedPath = directory.path("failed.sqlite")
        let target = try Store(path: failedPath)
        let failedRun = try Self.recordChain(in: target, seed: 1)
        try StoreFixtures.execute(
            path: failedPath,
            sql:
                "UPDATE runs SET status = 'failed', error = 'out of memory' WHERE id = '\(failedRun.train.hex)'"
        )

        let report = try target.merge(from: donePath)
        #expect(report.runsAdded == 1 && report.runsReplaced == 1 && report.alreadyPresent == 2)
        let merged = try #require(try target.run(chain.train))
        #expect(merged.status == .done && merged.error == nil)
        target.close()

        // The failed database as a source: its failed run never replaces a done one.
        try StoreFixtures.execute(
            path: failedPath, sql: "UPDATE runs SET status = 'failed' WHERE id = '\(chain.train.hex)'")
        let other = try Store(path: donePath)
        let backward = try other.merge(from: failedPath)
        #expect(backward.notDone == 1 && backward.runsAdded == 0)
        #expect(try other.run(chain.train)?.status == .done)
        other.close()
    }

    @Test func aRunALiveProcessComputesIsLeftAloneAndADeadClaimIsReplaced() throws {
        let directory = try TemporaryDirectory()
        let sourcePath = directory.path("source.sqlite")
        let source = try Store(path: sourcePath)
        let chain = try Self.recordChain(in: source, seed: 1)
        let spec = try #require(try source.run(chain.train)).spec
        source.close()

        let target = try Store(path: directory.path("target.sqlite"))
        let claim = RunClaim(
            id: chain.train, canonicalSpec: spec, kind: "train", seed: 1, engineVersion: "4", owner: .current)
        guard case .claimed = try target.claim(claim) else {
            Issue.record("not claimed")
            return
        }
        let live = try target.merge(from: sourcePath)
        #expect(live.busy == 1 && live.runsAdded == 2)
        #expect(try target.run(chain.train)?.status == .running)

        // The same claim by a process on another host whose heartbeat stopped 31 s ago.
        try StoreFixtures.execute(
            path: directory.path("target.sqlite"),
            sql: """
                UPDATE runs SET claimed_by = 'elsewhere:4242', heartbeat_at = '2000-01-01T00:00:00.000Z'
                WHERE id = '\(chain.train.hex)'
                """)
        let stale = try target.merge(from: sourcePath)
        #expect(stale.busy == 0 && stale.runsReplaced == 1)
        #expect(try target.run(chain.train)?.status == .done)
        target.close()
    }

    @Test func aDamagedBlobRefusesTheSourceNamingItAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let sourcePath = try Self.shard(directory, "damaged.sqlite", seeds: [1, 2])
        let checkpoint = try StoreFixtures.strings(
            path: sourcePath, sql: "SELECT artifact_id FROM lineage WHERE role = 'checkpoint' ORDER BY 1"
        ).last
        let damaged = try #require(checkpoint.flatMap(ContentID.init(hex:)))
        try StoreFixtures.flipStoredByte(path: sourcePath, id: damaged)

        let targetPath = try Self.shard(directory, "target.sqlite", seeds: [3])
        let before = try DatabaseDump.lines(path: targetPath)
        let target = try Store(path: targetPath)
        let error = #expect(throws: StoreError.self) { try target.merge(from: sourcePath) }
        guard case .damagedSource(let path, let blob, _, let more, let nothingWritten) = error else {
            Issue.record("expected damagedSource, got \(String(describing: error))")
            return
        }
        #expect(path == sourcePath && blob == damaged.hex && more == 0 && nothingWritten)
        #expect(error?.description.contains("blob \(damaged.hex) is damaged") == true)
        target.close()
        #expect(try DatabaseDump.lines(path: targetPath) == before)

        // A blob the target already holds is not read from the source: the damage there is moot.
        let holder = try Store(path: directory.path("holder.sqlite"))
        try Self.recordChain(in: holder, seed: 1)
        try Self.recordChain(in: holder, seed: 2)
        #expect(try holder.merge(from: sourcePath).alreadyPresent == 5)
        holder.close()
    }

    @Test func anOlderSchemaIsMigratedInAScratchCopyAndTheSourceFileStaysByteIdentical() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.shard(directory, "old.sqlite", seeds: [1])
        // What the previous msdb wrote: schema up to 003.
        try StoreFixtures.execute(
            path: path,
            sql: """
                DROP TABLE divergent_metrics; DROP TABLE divergent_outputs; DROP TABLE divergent_runs;
                DELETE FROM grdb_migrations WHERE identifier = '004_divergent_runs';
                """)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()

        let target = try Store(path: directory.path("target.sqlite"))
        let report = try target.merge(from: path)
        #expect(report.sourceMigrated)
        #expect(report.runsAdded == 3 && report.tagsAdded == 2 && report.pinsAdded == 1)
        #expect(try target.verify().isHealthy)
        target.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(
            try StoreFixtures.strings(path: path, sql: "SELECT identifier FROM grdb_migrations").count == 3)
        let after = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(after.filter { !$0.hasPrefix("target.sqlite") } == siblings)
    }

    @Test func aNewerSchemaIsRefusedUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.shard(directory, "future.sqlite", seeds: [1])
        try StoreFixtures.execute(
            path: path, sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_future')")
        let target = try Store(path: directory.path("target.sqlite"))
        #expect(throws: StoreError.schemaTooNew(path: path, unknownMigrations: ["999_future"])) {
            try target.merge(from: path)
        }
        #expect(try target.runs().isEmpty)
    }

    @Test func aFilterBringsTheSelectedRunsAndTheirUpstreamLineageAndNothingMore() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.shard(directory, "source.sqlite", seeds: [1, 2, 3])
        let target = try Store(path: directory.path("target.sqlite"))
        let report = try target.merge(from: path, filter: "kind = 'train' and seed = 2")
        #expect(report.runsSelected == 1)
        let chain = try Self.recordChain(in: try Store(path: directory.path("reference.sqlite")), seed: 2)
        #expect(Set(try target.runs().map(\.id)) == [chain.train, chain.label, chain.dataset])
        let blobs = try Set(
            StoreFixtures.strings(path: directory.path("target.sqlite"), sql: "SELECT id FROM blobs"))
        #expect(blobs == Set([chain.manifest, chain.clean, chain.noisy, chain.checkpoint].map(\.hex)))
        // Seed 2's training carries its tags; the pin of seed 1's checkpoint stays behind.
        #expect(try target.experiments().map(\.name) == ["all", "seed-2"])
        #expect(
            try StoreFixtures.fetchInt(
                path: directory.path("target.sqlite"), sql: "SELECT count(*) FROM pins") == 0)

        #expect(throws: StoreError.self) { try target.merge(from: path, filter: "params.nonexistent = 1") }
        let none = try target.merge(from: path, filter: "kind = 'nothing'")
        #expect(none.runsSelected == 0 && !none.changedTarget)
    }
}
