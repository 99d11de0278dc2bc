internal import ArtifactStore
internal import Imaging
public import Runs

/// A `kde` spec: the density of the mask stored as input `mask`, at parameter `bandwidth`.
public struct KDERunJob: RunJob {
    public static let kind = RunKind.kde
    let job: KDEJob
    let mask: ContentID

    public init(spec: RunSpec) throws {
        _ = try spec.requireInputs(["mask"])
        mask = spec.input("mask")
        var reader = SpecParameters(spec.params, kind: spec.kind)
        job = try KDEJob(bandwidth: try reader.number("bandwidth"))
        try reader.finish()
    }

    public func run(in context: JobContext) throws -> RunOutcome {
        let map = try LabelMap(canonicalBytes: Array(context.store.get(mask).bytes))
        let binary = Mask(width: map.width, height: map.height, pixels: map.labels.map { $0 == 1 ? 1 : 0 })
        return try job.run(mask: binary, store: context.store, force: context.force)
    }
}
