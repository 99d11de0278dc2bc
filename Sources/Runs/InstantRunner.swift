public import ArtifactStore
internal import CanonicalJSON
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
    /// Roles of outputs attached while running (per-epoch checkpoints) that only served resumption:
    /// the finished run does not list them, and their blobs are deleted unless something else
    /// references them.
    public var releasedRoles: Set<String>

    public init(
        artifacts: [String: ProducedArtifact], metrics: [String: Double] = [:],
        releasedRoles: Set<String> = []
    ) {
        self.artifacts = artifacts
        self.metrics = metrics
        self.releasedRoles = releasedRoles
    }
}

/// The result of asking for a run: its id, outputs and metrics, and whether it came from the cache.
public struct RunOutcome: Sendable, Equatable {
    public var id: ContentID
    public var outputs: [String: ContentID]
    public var metrics: [String: Double]
    public var cached: Bool
    /// For a forced recomputation of a done run: the outputs it had before, and the BLAS thread count
    /// they were computed with (nil if its environment does not say).
    public var previousOutputs: [String: ContentID]?
    public var previousThreadCount: Int?

    public init(
        id: ContentID, outputs: [String: ContentID], metrics: [String: Double], cached: Bool,
        previousOutputs: [String: ContentID]? = nil
    ) {
        self.id = id
        self.outputs = outputs
        self.metrics = metrics
        self.cached = cached
        self.previousOutputs = previousOutputs
    }

    /// Whether a forced recomputation reproduced the earlier outputs exactly (nil if not forced).
    public var reproducedPreviousOutputs: Bool? { previousOutputs.map { $0 == outputs } }
}

/// Runs short computations (label generation, thresholds, analyses) through the `Executor`: a
/// spec already recorded as done is answered from the store; otherwise `compute` runs once, its
/// artifacts are stored and the run is recorded with its lineage in one transaction. A
/// computation that throws (bad input) leaves nothing recorded.
public struct InstantRunner: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Looks `spec` up, or computes and records it. With `force`, recomputes even on a hit.
    public func run(
        _ spec: RunSpec, force: Bool = false, compute: () throws -> RunProduct
    ) throws -> RunOutcome {
        var executor = Executor(store: store)
        executor.recordsFailures = false
        return try executor.run(spec, force: force) { _ in try compute() }
    }
}
