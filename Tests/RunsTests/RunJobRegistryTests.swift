import ArtifactStore
import CanonicalJSON
import Foundation
import RandomStreams
import Runs
import TestSupport
import Testing

/// A kind with a job that only counts how often it ran (the registry's contract, without real work).
private struct CountingJob: RunJob {
    static let kind = RunKind.kde
    let spec: RunSpec

    init(spec: RunSpec) throws {
        var params = SpecParameters(spec.params, kind: spec.kind)
        _ = try params.number("bandwidth")
        try params.finish()
        _ = try spec.requireInputs(["mask"])
        self.spec = spec
    }

    func run(in context: JobContext) throws -> RunOutcome {
        try InstantRunner(store: context.store).run(spec, force: context.force) {
            RunProduct(artifacts: [:], metrics: ["ran": 1])
        }
    }
}

@Suite struct RunJobRegistryTests {
    static let mask = ContentID.blob(kind: .label, bytes: Data([1]))

    @Test func theRegistryFindsTheJobOfASpecsKindAndRunsIt() throws {
        let registry = RunJobRegistry([CountingJob.self])
        #expect(registry.kinds == [.kde])
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        #expect(try store.put(kind: .label, bytes: Data([1])) == Self.mask)
        let spec = RunSpec(kind: .kde, params: ["bandwidth": 2], inputs: ["mask": Self.mask])
        let outcome = try registry.job(for: spec).run(in: JobContext(store: store))
        #expect(outcome.id == spec.id && outcome.metrics == ["ran": 1] && !outcome.cached)
        #expect(try registry.job(for: spec).run(in: JobContext(store: store)).cached)
    }

    @Test func aSpecTheRegistryCannotRunIsRefusedNamingTheField() {
        let registry = RunJobRegistry([CountingJob.self])
        #expect(throws: RunError.invalidSpec(field: "kind", reason: "'train' runs cannot be run from a spec"))
        {
            try registry.job(for: RunSpec(kind: .train, seed: 1))
        }
        let cases: [(RunSpec, RunError)] = [
            (
                RunSpec(kind: .kde, params: ["bandwidth": 2]),
                .invalidInput(name: "inputs.mask", reason: "missing")
            ),
            (
                RunSpec(
                    kind: .kde, params: ["bandwidth": 2], inputs: ["mask": Self.mask, "image": Self.mask]),
                .invalidInput(name: "inputs.image", reason: "not an input of kde runs")
            ),
            (RunSpec(kind: .kde, inputs: ["mask": Self.mask]), .missingParameter(name: "bandwidth")),
            (
                RunSpec(kind: .kde, params: ["bandwidth": 2, "colour": "red"], inputs: ["mask": Self.mask]),
                .unknownParameter(name: "colour", kind: .kde)
            ),
        ]
        for (spec, expected) in cases {
            #expect(throws: expected) { try registry.job(for: spec) }
            #expect(
                expected.subject != nil && expected.description.hasPrefix("invalid \(expected.subject ?? "")")
            )
        }
    }
}
