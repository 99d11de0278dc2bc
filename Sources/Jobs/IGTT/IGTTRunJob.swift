public import Runs

/// An `igtt` spec: iGTT exactly as the spec describes (`IGTTJob.run(spec:)`).
public struct IGTTRunJob: RunJob {
    public static let kind = RunKind.igtt
    let spec: RunSpec

    public init(spec: RunSpec) throws {
        _ = try IGTTSettings(spec: spec)
        self.spec = spec
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try IGTTJob(store: context.store).run(spec: spec, force: context.force, progress: context.progress)
    }
}
