internal import ArtifactStore
public import Runs

/// A `label_set` spec: the noisy train labels of one training run, recorded for a dataset.
public struct LabelSetRunJob: RunJob {
    public static let kind = RunKind.labelSet
    let dataset: ContentID
    let set: LabelSet

    public init(spec: RunSpec) throws {
        (dataset, set) = try LabelSet.read(spec)
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try set.run(dataset: dataset, store: context.store, force: context.force)
    }
}
