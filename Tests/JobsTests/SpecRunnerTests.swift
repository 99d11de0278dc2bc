import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Jobs
import RandomStreams
import Runs
import TestSupport
import Testing

@Suite struct SpecRunnerTests {
    static let toySpec = """
        {"kind": "dataset", "seed": 0,
         "params": {"source": "synthetic", "generator": "toy", "image_size": 32, "train": 1, "val": 0,
                    "test": 0, "name": "toy"}}
        """

    @Test func aDatasetSpecRunsOnceAndIsThenAnsweredFromTheStore() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let spec = try SpecRunner.parse(Self.toySpec)
        let first = try SpecRunner(store: store).run(spec)
        let second = try SpecRunner(store: store).run(spec)
        #expect(!first.cached && second.cached)
        #expect(first.id == spec.id && second.outputs == first.outputs)
        // The same request through the dataset job is the same run.
        let direct = DatasetJob.spec(
            synthesizing: SynthesisRequest(kind: .toy, imageSize: 32, sizes: .init(train: 1, val: 0, test: 0))
        )
        #expect(direct.id == spec.id)
    }

    @Test(arguments: [
        (#"[1, 2]"#, "spec"),
        (#"{"kind": "train", "extra": 1}"#, "extra"),
        (#"{"kind": "bake"}"#, "kind"),
        (#"{"kind": "label", "inputs": {"clean": "abc"}}"#, "inputs.clean"),
        (#"{"kind": "label", "seed": 1.5}"#, "seed"),
        (#"{"kind": "kde", "engine_version": "0"}"#, "engine_version"),
    ])
    func malformedSpecsAreRefusedNamingTheField(text: String, field: String) {
        do {
            _ = try SpecRunner.parse(text)
            Issue.record("accepted \(text)")
        } catch let error as RunError {
            guard case .invalidSpec(let name, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == field)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func impossibleParametersAndMissingInputsRecordNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let absent = ContentID.blob(kind: .label, bytes: Data([1, 2, 3]))
        let specs = [
            RunSpec(kind: .label, params: ["noise": "rs", "p": 1.5], inputs: ["clean": absent], seed: 0),
            RunSpec(kind: .kde, params: ["bandwidth": -1], inputs: ["mask": absent]),
            RunSpec(
                kind: .dataset,
                params: [
                    "source": "synthetic", "generator": "toy", "image_size": 32, "train": -1, "val": 0,
                    "test": 0,
                ],
                seed: 0),
        ]
        for spec in specs {
            #expect(throws: (any Error).self) { try SpecRunner(store: store).run(spec) }
        }
        #expect(try store.runs().isEmpty)
    }

    @Test func anAuditFindsIdenticalOutputsAndNamesATamperedOne() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let dataset = try SpecRunner(store: store).run(try SpecRunner.parse(Self.toySpec))
        let clean = try #require(dataset.outputs["train/000/label"])
        let label = try SpecRunner(store: store).run(
            RunSpec(
                kind: .label, params: ["noise": "rf", "p": 0.2, "classes": 2], inputs: ["clean": clean],
                seed: 3))

        let audit = try RunAudit(original: store, scratchPath: directory.path("scratch.sqlite"))
        let record = try #require(try store.run(label.id))
        #expect(try audit.audit(record).identical)

        // Point the recorded output at another stored label, as a tampered database would.
        try StoreFixtures.execute(
            path: path,
            sql:
                "UPDATE lineage SET artifact_id = '\(clean.hex)' WHERE run_id = '\(label.id.hex)' AND direction = 'output'"
        )
        let tampered = try #require(try store.run(label.id))
        let finding = try RunAudit(original: store, scratchPath: directory.path("scratch2.sqlite")).audit(
            tampered)
        #expect(!finding.identical)
        #expect(finding.firstDifference == "label")
    }

    @Test func aRecordedLabelSetSpecRunsAgainAndIsAudited() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let twoImages = Self.toySpec.replacingOccurrences(of: #""train": 1"#, with: #""train": 2"#)
        let dataset = try SpecRunner(store: store).run(try SpecRunner.parse(twoImages))
        let manifest = try #require(dataset.outputs["manifest"])
        let labels = try (0..<2).map { index in
            let clean = try #require(dataset.outputs["train/00\(index)/label"])
            let outcome = try SpecRunner(store: store).run(
                RunSpec(
                    kind: .label, params: ["noise": "rf", "p": 0.2, "classes": 2], inputs: ["clean": clean],
                    seed: Seed(integerLiteral: Int64(index))))
            return try #require(outcome.outputs["label"])
        }
        let set = LabelSet(labels: labels)
        let recorded = try set.record(dataset: manifest, store: store)

        let spec = set.spec(dataset: manifest)
        let again = try SpecRunner(store: store).run(try SpecRunner.parse(spec.canonicalText))
        #expect(again.cached && again.outputs == ["labels": recorded])
        let record = try #require(try store.run(spec.id))
        let audit = try RunAudit(original: store, scratchPath: directory.path("scratch.sqlite"))
        #expect(try audit.audit(record).identical)

        // A gap in the label roles, or an input that is neither, is refused before anything runs.
        var gap = spec
        gap.inputs["label/001"] = nil
        gap.inputs["label/002"] = labels[1]
        var extra = spec
        extra.inputs["mask"] = labels[0]
        for (bad, field) in [(gap, "inputs.label/001"), (extra, "inputs.mask")] {
            let error = #expect(throws: RunError.self) { try SpecRunner(store: store).run(bad) }
            guard case .invalidInput(let name, _) = error else {
                Issue.record("unexpected \(String(describing: error))")
                continue
            }
            #expect(name == field)
        }
        #expect(try store.run(gap.id) == nil && store.run(extra.id) == nil)
    }
}
