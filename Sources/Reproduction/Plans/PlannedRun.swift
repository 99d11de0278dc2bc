public import ArtifactStore
public import CanonicalJSON
public import Jobs
internal import RandomStreams
public import Runs

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
        RunKey(kind: work.kind.rawValue, params: .object(work.params), seed: work.seed, dataset: datasetID)
    }
}

/// The work of a planned run: one case per long run kind.
public enum PlannedWork: Sendable {
    /// Supervised training (`TrainingJob`).
    case train(TrainingSettings)
    /// The unsupervised iGTT (`IGTTJob`).
    case igtt(IGTTSettings)
    /// A Table 3 baseline (`BaselineJob`).
    case baseline(BaselineSettings)

    /// The run kind.
    public var kind: RunKind {
        switch self {
        case .train: TrainingSettings.kind
        case .igtt: IGTTSettings.kind
        case .baseline: BaselineSettings.kind
        }
    }

    /// The spec parameters.
    public var params: [String: JSONValue] {
        switch self {
        case .train(let settings): settings.parameters
        case .igtt(let settings): settings.parameters
        case .baseline(let settings): settings.parameters
        }
    }

    /// The run seed (`nil` for deterministic work).
    public var seed: Int64? {
        switch self {
        case .train(let settings): settings.seed.value
        case .igtt(let settings): settings.seed.value
        case .baseline(let settings): settings.method.isSeeded ? settings.seed.value : nil
        }
    }

    /// A short human description.
    public var title: String {
        switch self {
        case .train(let settings):
            let labels = [settings.labels.name] + (settings.labels.ratio.map { ["\($0)"] } ?? [])
            return
                "train \(settings.network.architecture) \(labels.joined(separator: " ")) seed \(settings.seed)"
        case .igtt(let settings): return "igtt \(settings.ems ? "with" : "without") ems seed \(settings.seed)"
        case .baseline(let settings):
            return "baseline \(settings.method.name)"
                + (settings.method.isSeeded ? " seed \(settings.seed)" : "")
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
        case .igtt(let settings):
            try IGTTJob(store: store).run(
                settings, dataset: dataset, force: force, progress: progress, waiting: waiting)
        case .baseline(let settings):
            try BaselineJob(store: store).run(settings, dataset: dataset, force: force, waiting: waiting)
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
