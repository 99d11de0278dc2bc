public import ArtifactStore
public import CanonicalJSON

/// One long run a reproduction needs: the work and the dataset it runs on. Runs are found again
/// (by `msdb report`, and after `msdb reproduce` computed them) by their `RunKey`: kind,
/// parameters, seed and dataset, which do not depend on artifacts made along the way (such as a
/// noisy label set).
public struct PlannedRun: Sendable {
    public var work: PlannedWork
    public var dataset: DatasetRole

    public init(_ work: PlannedWork, on dataset: DatasetRole) {
        self.work = work
        self.dataset = dataset
    }

    /// What progress lines and missing-run listings call it, e.g. `train unet rs 0.1 seed 0 on er`.
    public var title: String { "\(work.title) on \(dataset.rawValue)" }

    /// The key the run is recorded under once `dataset` is the manifest id `datasetID`.
    public func key(dataset datasetID: ContentID) -> RunKey {
        RunKey(kind: work.kind, params: .object(work.params), seed: work.seed, dataset: datasetID)
    }
}

/// The work of a planned run: one case per long run kind.
public enum PlannedWork: Sendable {
    /// Supervised training (`TrainingJob`).
    case train(TrainingSettings)

    /// The run kind.
    public var kind: String {
        switch self {
        case .train: TrainingSettings.kind
        }
    }

    /// The spec parameters.
    public var params: [String: JSONValue] {
        switch self {
        case .train(let settings): settings.parameters
        }
    }

    /// The run seed (`nil` for deterministic work).
    public var seed: Int64? {
        switch self {
        case .train(let settings): settings.seed
        }
    }

    /// A short human description.
    public var title: String {
        switch self {
        case .train(let settings): "train \(settings.network.architecture) cl seed \(settings.seed)"
        }
    }

    /// Runs the work on `dataset` through the cache.
    public func execute(
        store: Store, dataset: ContentID, force: Bool, progress: (TrainingProgress) throws -> Void,
        waiting: (String) -> Void
    ) throws -> RunOutcome {
        switch self {
        case .train(let settings):
            try TrainingJob(store: store).train(
                settings, dataset: dataset, force: force, progress: progress, waiting: waiting)
        }
    }
}

/// How a finished run is found without its id: kind, canonical parameters, seed and the dataset
/// it ran on.
public struct RunKey: Sendable, Hashable {
    public var kind: String
    /// The parameters' canonical JSON text.
    public var params: String
    public var seed: Int64?
    public var dataset: ContentID?

    public init(kind: String, params: JSONValue, seed: Int64?, dataset: ContentID?) {
        self.kind = kind
        self.params = params.canonicalText
        self.seed = seed
        self.dataset = dataset
    }
}
