import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct LineageTests {
    /// synth → (image, mask); noise(mask) → label; train(image, label) → checkpoint; plus an
    /// unrelated run that must not appear.
    struct Chain {
        let directory: TemporaryDirectory
        let store: Store
        let synth, noise, train, unrelated: ContentID
        let image, mask, label, checkpoint: ContentID

        init() throws {
            directory = try TemporaryDirectory()
            store = try Store(path: directory.path("db.sqlite"))
            image = try store.put(kind: .image, bytes: Data("image".utf8))
            mask = try store.put(kind: .label, bytes: Data("mask".utf8))
            label = try store.put(kind: .label, bytes: Data("noisy".utf8))
            checkpoint = try store.put(kind: .checkpoint, bytes: Data("weights".utf8))
            synth = try store.record(
                FinishedRun(
                    canonicalSpec: "{\"synth\":1}", kind: "dataset", seed: 1, engineVersion: "1",
                    outputs: ["image": image, "mask": mask]))
            noise = try store.record(
                FinishedRun(
                    canonicalSpec: "{\"noise\":1}", kind: "label", seed: 2, engineVersion: "1",
                    inputs: ["clean": mask],
                    outputs: ["label": label]))
            train = try store.record(
                FinishedRun(
                    canonicalSpec: "{\"train\":1}", kind: "train", seed: 3, engineVersion: "1",
                    inputs: ["image": image, "label": label], outputs: ["checkpoint": checkpoint]))
            let other = try store.put(kind: .label, bytes: Data("other".utf8))
            unrelated = try store.record(
                FinishedRun(
                    canonicalSpec: "{\"other\":1}", kind: "label", seed: 9, engineVersion: "1",
                    outputs: ["label": other]))
        }
    }

    @Test func aRunsLineageReachesBackToTheFirstRunWithEverySeed() throws {
        let chain = try Chain()
        let graph = try chain.store.lineage(of: chain.train)
        #expect(Set(graph.runs.map(\.id)) == [chain.train, chain.noise, chain.synth])
        #expect(Set(graph.runs.compactMap(\.seed)) == [1, 2, 3])
        #expect(Set(graph.artifacts.map(\.id)) == [chain.image, chain.mask, chain.label, chain.checkpoint])
        #expect(
            graph.edges.contains(
                .init(run: chain.noise, artifact: chain.mask, direction: "input", role: "clean")))
        #expect(!graph.runs.map(\.id).contains(chain.unrelated))
    }

    @Test func anArtifactsLineageShowsItsProducersAndItsReaders() throws {
        let chain = try Chain()
        let graph = try chain.store.lineage(of: chain.label)
        #expect(Set(graph.runs.map(\.id)) == [chain.noise, chain.synth, chain.train])
        #expect(
            graph.edges.contains(
                .init(run: chain.train, artifact: chain.label, direction: "input", role: "label")))
        // The reader is shown but not expanded: its other input's producer is reached only via the noise run.
        #expect(!graph.edges.contains { $0.run == chain.train && $0.direction == "output" })
    }

    @Test func anUnknownIDIsNotFound() throws {
        let chain = try Chain()
        let missing = try #require(ContentID(hex: String(repeating: "f", count: 64)))
        #expect(throws: StoreError.notFound(what: "run or artifact", id: missing.hex)) {
            try chain.store.lineage(of: missing)
        }
    }

    @Test func aRunWithAnUnknownStatusIsAnErrorNotAFailedRun() throws {
        let chain = try Chain()
        let path = chain.directory.path("db.sqlite")
        // Only a damaged or foreign file can hold such a status: the schema's CHECK refuses it.
        try StoreFixtures.execute(
            path: path,
            sql:
                "PRAGMA ignore_check_constraints = ON; UPDATE runs SET status = 'paused' WHERE id = '\(chain.noise.hex)'"
        )
        let store = try Store(path: path)
        let message = "run \(chain.noise.hex) has unknown status 'paused'"
        #expect(throws: StoreError.database(message)) { try store.lineage(of: chain.train) }
        #expect(throws: StoreError.database(message)) { try store.runs() }
    }
}
