internal import CanonicalJSON
internal import Datasets
public import Runs

/// A `dataset` spec: a synthetic set re-made from its generator, sizes and seed. (An imported set's
/// files live outside the database, so its spec is refused; `msdb dataset import` re-makes it.)
public struct DatasetRunJob: RunJob {
    public static let kind = RunKind.dataset
    let request: SynthesisRequest
    let name: String?

    public init(spec: RunSpec) throws {
        _ = try spec.requireInputs([])
        request = try SpecRunner.synthesisRequest(spec)
        name = spec.params["name"]?.stringValue
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        try DatasetJob(store: context.store).synthesize(request, name: name, force: context.force).run
    }
}
