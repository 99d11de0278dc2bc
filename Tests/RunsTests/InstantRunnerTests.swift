import ArtifactStore
import CanonicalJSON
import Foundation
import RandomStreams
import Runs
import TestSupport
import Testing

@Suite struct InstantRunnerTests {
    @Test func theRunIDIsTheHashOfTheCanonicalSpec() throws {
        let input = try #require(ContentID(hex: String(repeating: "a", count: 64)))
        let spec = RunSpec(
            kind: .label, params: ["p": 0.5, "ignore": true], inputs: ["mask": input], seed: 3)
        let expected =
            #"{"engine_version":"\#(EngineVersion.current)","inputs":{"mask":"\#(input.hex)"},"kind":"label","#
            + #""params":{"ignore":true,"p":0.5},"seed":3}"#
        #expect(spec.canonicalText == expected)
        #expect(spec.id == ContentID.run(canonicalSpec: expected))
        let reordered = RunSpec(
            kind: .label, params: ["ignore": true, "p": 0.50], inputs: ["mask": input], seed: 3)
        #expect(reordered.id == spec.id)
        #expect(
            RunSpec(kind: .label, params: ["p": 0.5, "ignore": true], inputs: ["mask": input], seed: 4).id
                != spec.id)
    }

    @Test func nestedParamsFlattenToTypedRows() {
        let spec = RunSpec(
            kind: .train, params: ["model": "unet", "noise": ["kind": "rf", "p": 0.45], "flips": [1, 2]])
        #expect(
            spec.typedParams == [
                "model": .text("unet"), "noise.kind": .text("rf"), "noise.p": .number(0.45),
                "flips": .text("[1,2]"),
            ])
    }

    @Test func aSecondRequestIsAnsweredFromTheCacheWithoutComputing() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let runner = InstantRunner(store: store)
        let spec = RunSpec(kind: .kde, params: ["n": 3], seed: 1)
        var computations = 0
        let compute = { () throws -> RunProduct in
            computations += 1
            return RunProduct(
                artifacts: ["out": ProducedArtifact(kind: .curve, bytes: Data("[1,2,3]".utf8))],
                metrics: ["sum": 6])
        }
        let first = try runner.run(spec, compute: compute)
        let second = try runner.run(spec, compute: compute)
        #expect(!first.cached)
        #expect(second.cached)
        #expect(computations == 1)
        #expect(first.outputs == second.outputs)
        #expect(second.metrics == ["sum": 6])
        let recorded = try #require(try store.run(first.id))
        #expect(recorded.params == ["n": .number(3)])
        #expect(recorded.environment.contains("\"blas_threads\""))

        let forced = try runner.run(spec, force: true, compute: compute)
        #expect(computations == 2)
        #expect(!forced.cached)
        #expect(forced.outputs == first.outputs)
    }

    @Test func aFailingComputationRecordsNothingAndAFailedForceKeepsTheEarlierResult() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        struct Boom: Error {}
        let spec = RunSpec(kind: .kde)
        #expect(throws: Boom.self) {
            try InstantRunner(store: store).run(spec) { throw Boom() }
        }
        #expect(try store.runs().isEmpty)
        let done = try InstantRunner(store: store).run(spec) {
            RunProduct(
                artifacts: ["out": ProducedArtifact(kind: .curve, bytes: Data("[1]".utf8))],
                metrics: ["ok": 1])
        }
        #expect(throws: Boom.self) {
            try InstantRunner(store: store).run(spec, force: true) { throw Boom() }
        }
        let kept = try #require(try store.run(spec.id))
        #expect(kept.status == .done)
        #expect(kept.outputs == done.outputs)
        #expect(kept.metrics == ["ok": 1])
    }
}
