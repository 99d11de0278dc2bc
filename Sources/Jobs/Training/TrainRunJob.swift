public import Runs

/// A `train` spec: supervised training exactly as the spec describes (`TrainingJob.run(spec:)`).
public struct TrainRunJob: RunJob {
    public static let kind = RunKind.train
    let spec: RunSpec

    public init(spec: RunSpec) throws {
        _ = try TrainingSettings(spec: spec)
        self.spec = spec
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try TrainingJob(store: context.store).run(
            spec: spec, force: context.force, progress: context.progress, waiting: context.waiting)
    }
}
