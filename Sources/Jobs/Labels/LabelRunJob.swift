internal import ArtifactStore
public import Runs

/// A `label` spec: one noisy label made from the clean label of input `clean`.
public struct LabelRunJob: RunJob {
    public static let kind = RunKind.label
    let job: LabelJob
    let clean: ContentID

    public init(spec: RunSpec) throws {
        _ = try spec.requireInputs(["clean"])
        clean = spec.input("clean")
        job = try LabelJob(params: spec.params, seed: spec.seed)
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try job.run(cleanID: clean, store: context.store, force: context.force).run
    }
}
