public import ArtifactStore
public import CanonicalJSON
public import Foundation

/// An artifact a run produced: its kind and canonical bytes.
public struct ProducedArtifact: Sendable {
    public var kind: ArtifactKind
    public var bytes: Data

    public init(kind: ArtifactKind, bytes: Data) {
        self.kind = kind
        self.bytes = bytes
    }
}

/// What a run produced: artifacts by role and final metrics.
public struct RunProduct: Sendable {
    public var artifacts: [String: ProducedArtifact]
    public var metrics: [String: Double]

    public init(artifacts: [String: ProducedArtifact], metrics: [String: Double] = [:]) {
        self.artifacts = artifacts
        self.metrics = metrics
    }
}

/// The result of asking for a run: its id, outputs and metrics, and whether it came from the cache.
public struct RunOutcome: Sendable, Equatable {
    public var id: ContentID
    public var outputs: [String: ContentID]
    public var metrics: [String: Double]
    public var cached: Bool
}

/// Runs short computations (label generation, thresholds, analyses) through the cache: a spec
/// that is already recorded as done is answered from the store; otherwise `compute` runs, its
/// artifacts are stored and the run is recorded with its lineage in one transaction.
///
/// Long, resumable runs with claims and per-epoch checkpoints are the executor's job (issue 5);
/// this is the same contract for work that takes seconds.
public struct InstantRunner: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Looks `spec` up, or computes and records it. With `force`, recomputes even on a hit.
    public func run(
        _ spec: RunSpec, force: Bool = false, compute: () throws -> RunProduct
    ) throws -> RunOutcome {
        let id = spec.id
        if !force, let recorded = try store.run(id), recorded.status == .done {
            for (role, artifact) in recorded.outputs where try !store.exists(artifact) {
                throw EngineError.cachedOutputMissing(run: id.hex, role: role)
            }
            return RunOutcome(id: id, outputs: recorded.outputs, metrics: recorded.metrics, cached: true)
        }
        let started = Date()
        let product = try compute()
        var outputs: [String: ContentID] = [:]
        for (role, artifact) in product.artifacts {
            outputs[role] = try store.put(kind: artifact.kind, bytes: artifact.bytes)
        }
        try store.record(
            FinishedRun(
                canonicalSpec: spec.canonicalText, kind: spec.kind, status: .done, seed: spec.seed,
                engineVersion: spec.engineVersion, environment: RunEnvironment.current().canonicalText,
                params: spec.typedParams, metrics: product.metrics, inputs: spec.inputs, outputs: outputs,
                startedAt: nil, wallSeconds: Date().timeIntervalSince(started)))
        return RunOutcome(id: id, outputs: outputs, metrics: product.metrics, cached: false)
    }
}
