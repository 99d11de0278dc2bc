public import Runs

/// A `baseline` spec: one Table 3 baseline over a dataset's test split (`BaselineJob.run(spec:)`).
public struct BaselineRunJob: RunJob {
    public static let kind = RunKind.baseline
    let spec: RunSpec

    public init(spec: RunSpec) throws {
        _ = try BaselineSettings(spec: spec)
        self.spec = spec
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try BaselineJob(store: context.store).run(spec: spec, force: context.force)
    }
}
