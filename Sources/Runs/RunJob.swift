public import ArtifactStore

/// One kind of run, as `msdb run SPEC.json` and `msdb audit` execute it: a job reads its spec back
/// (refusing anything that is not exactly a spec of its kind before anything runs) and computes the
/// run through the cache. Adding a run kind is one type conforming to this protocol plus one line
/// in the registry (`RunJobRegistry.standard`, in the Jobs module).
public protocol RunJob {
    /// The kind of the specs this job runs.
    static var kind: RunKind { get }
    /// The job `spec` describes; throws a `RunError` refusal for a spec that is not one
    /// (another kind, missing or extra inputs or parameters, impossible values).
    init(spec: RunSpec) throws
    /// Runs the spec, or answers it from the database.
    func run(in context: JobContext) throws -> RunOutcome
}

/// What a job runs in: the database, whether to recompute a recorded run, and where progress and
/// waiting notices go.
public struct JobContext {
    public let store: Store
    public var force: Bool
    /// Called as a training-like run goes (after each step and epoch); may throw to stop it.
    public var progress: (TrainingProgress) throws -> Void
    /// Called while another process computes the same run.
    public var waiting: (String) -> Void

    public init(
        store: Store, force: Bool = false, progress: @escaping (TrainingProgress) throws -> Void = { _ in },
        waiting: @escaping (String) -> Void = { _ in }
    ) {
        self.store = store
        self.force = force
        self.progress = progress
        self.waiting = waiting
    }
}

/// The jobs by kind: which spec kinds can be run, and the job for a spec.
public struct RunJobRegistry {
    private let jobs: [RunKind: any RunJob.Type]

    /// A registry of `jobs`, one per kind.
    public init(_ jobs: [any RunJob.Type]) {
        var byKind: [RunKind: any RunJob.Type] = [:]
        for job in jobs {
            precondition(byKind[job.kind] == nil, "RunJobRegistry: two jobs for kind \(job.kind)")
            byKind[job.kind] = job
        }
        self.jobs = byKind
    }

    /// The kinds with a job, in `RunKind`'s order.
    public var kinds: [RunKind] { RunKind.allCases.filter { jobs[$0] != nil } }

    /// The job `spec` describes.
    ///
    /// - Throws: `RunError.invalidSpec` for a kind without a job, or what the job's
    ///   `init(spec:)` throws.
    public func job(for spec: RunSpec) throws -> any RunJob {
        guard let job = jobs[spec.kind] else {
            throw RunError.invalidSpec(
                field: "kind", reason: "'\(spec.kind)' runs cannot be run from a spec")
        }
        return try job.init(spec: spec)
    }
}

extension RunSpec {
    /// The spec's inputs, checked to be exactly `roles`; throws `invalidInput` naming the first
    /// extra or missing role.
    public func requireInputs(_ roles: Set<String>) throws(RunError) -> [String: ContentID] {
        if let extra = inputs.keys.sorted().first(where: { !roles.contains($0) }) {
            throw .invalidInput(name: "inputs.\(extra)", reason: "not an input of \(kind) runs")
        }
        if let absent = roles.sorted().first(where: { inputs[$0] == nil }) {
            throw .invalidInput(name: "inputs.\(absent)", reason: "missing")
        }
        return inputs
    }

    /// The artifact of input `role`, which `requireInputs` has checked to be there.
    public func input(_ role: String) -> ContentID {
        guard let id = inputs[role] else { preconditionFailure("RunSpec: input '\(role)' was not checked") }
        return id
    }
}
