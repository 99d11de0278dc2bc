public import ArtifactStore
import CanonicalJSON
public import Foundation
internal import RandomStreams

/// What a running job sees: the attempt before it (to resume from its checkpoints) and a way
/// to keep checkpoints as it goes.
public struct RunContext: Sendable {
    public let store: Store
    public let runID: ContentID
    /// The earlier attempt of this run, if any: its outputs hold the checkpoints it left.
    public let previous: RunRecord?
    let owner: RunOwner
    /// How often a job keeps a resume point (`EpochTrainer`'s epoch checkpoints).
    public let checkpointCadence: CheckpointCadence

    /// Stores an intermediate artifact (an epoch's checkpoint) and attaches it to the running run
    /// at once, so it survives if this process dies.
    @discardableResult
    public func checkpoint(role: String, artifact: ProducedArtifact) throws -> ContentID {
        let id = try store.put(kind: artifact.kind, bytes: artifact.bytes)
        try store.attachOutput(id, role: role, to: runID, owner: owner)
        return id
    }
}

/// Runs specs through the cache with claims, so that every run is computed once however many
/// processes ask for it:
/// - a run recorded as done is answered from the store (outputs checked to exist);
/// - a run another live process is computing is waited for, then read;
/// - otherwise this process claims it, keeps the claim alive with a heartbeat, runs the job and
///   records outputs, metrics and lineage in one transaction, deleting the intermediate checkpoints
///   the finished run no longer needs. A job that throws leaves the run `failed` with its error and
///   its checkpoints; a process that dies leaves a claim that the next
///   asker takes over (at once on the same host, else once the heartbeat is stale).
public struct Executor: Sendable {
    public let store: Store
    public var owner = RunOwner.current
    public var heartbeatInterval: TimeInterval = 5
    public var staleAfter: TimeInterval = Store.defaultStaleClaimAge
    public var pollInterval: TimeInterval = 0.2
    /// How often long jobs keep intermediate checkpoints; `MSDB_CHECKPOINT_SECONDS` or 60 s.
    public var checkpointCadence = CheckpointCadence.fromEnvironment()
    /// Whether a job that throws is recorded as `failed` (long runs: keeps checkpoints for resume
    /// and the error for audit) or leaves no trace (short runs, where a throw means bad input).
    public var recordsFailures = true

    public init(store: Store) {
        self.store = store
    }

    /// Returns the run's outcome, computing it with `job` only if no result exists (or `force`).
    /// `waiting` is called while another process holds the run.
    public func run(
        _ spec: RunSpec, force: Bool = false, waiting: (String) -> Void = { _ in },
        job: (RunContext) throws -> RunProduct
    ) throws -> RunOutcome {
        let id = spec.id
        let claim = RunClaim(
            id: id, canonicalSpec: spec.canonicalText, kind: spec.kind.rawValue, seed: spec.seed?.value,
            engineVersion: spec.engineVersion, owner: owner)
        var previous: RunRecord?
        claiming: while true {
            switch try store.claim(claim, force: force, staleAfter: staleAfter) {
            case .done(let record):
                for (role, artifact) in record.outputs where try !store.exists(artifact) {
                    throw RunError.cachedOutputMissing(run: id.hex, role: role)
                }
                return RunOutcome(id: id, outputs: record.outputs, metrics: record.metrics, cached: true)
            case .busy(let holder):
                waiting(holder)
                Thread.sleep(forTimeInterval: pollInterval)
            case .claimed(let earlier):
                previous = earlier
                break claiming
            }
        }

        let heartbeat = Heartbeat(store: store, runID: id, owner: owner, interval: heartbeatInterval)
        defer { heartbeat.stop() }
        let started = Date()
        let context = RunContext(
            store: store, runID: id, previous: previous, owner: owner, checkpointCadence: checkpointCadence)
        let product: RunProduct
        var outputs: [String: ContentID]
        var released: [ContentID] = []
        do {
            product = try job(context)
            // Checkpoints attached during the run stay outputs unless the product releases them;
            // the product's roles are added.
            outputs = try store.run(id)?.outputs ?? [:]
            for role in product.releasedRoles.sorted() {
                if let artifact = outputs.removeValue(forKey: role) { released.append(artifact) }
            }
            for (role, artifact) in product.artifacts {
                outputs[role] = try store.put(kind: artifact.kind, bytes: artifact.bytes)
            }
        } catch {
            if recordsFailures {
                try? store.fail(id, owner: owner, error: String(describing: error))
            } else {
                try? store.abandon(id, owner: owner, previous: previous)
            }
            throw error
        }
        do {
            try store.complete(
                FinishedRun(
                    canonicalSpec: spec.canonicalText, kind: spec.kind.rawValue, status: .done,
                    seed: spec.seed?.value,
                    engineVersion: spec.engineVersion, environment: RunEnvironment.current().canonicalText,
                    params: spec.typedParams, metrics: product.metrics, inputs: spec.inputs, outputs: outputs,
                    startedAt: nil, wallSeconds: Date().timeIntervalSince(started)),
                owner: owner, releasing: released)
        } catch {
            // The completion rolled back (a full disk, say): the claim must not stay `running` under
            // this process. Recorded as failed, the run keeps its checkpoints for the next attempt;
            // if even that write fails, the dead claim is taken over once this process has exited.
            try? store.fail(id, owner: owner, error: "recording the finished run failed: \(error)")
            throw error
        }
        var outcome = RunOutcome(id: id, outputs: outputs, metrics: product.metrics, cached: false)
        if let previous, previous.status == .done {
            outcome.previousOutputs = previous.outputs
            outcome.previousThreadCount = RunEnvironment.blasThreads(recordedIn: previous.environment)
        }
        return outcome
    }
}

/// Refreshes a claim's heartbeat on a background queue until stopped.
private final class Heartbeat: @unchecked Sendable {
    private let timer: any DispatchSourceTimer

    init(store: Store, runID: ContentID, owner: RunOwner, interval: TimeInterval) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "msdb.heartbeat"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler {
            _ = try? store.heartbeat(runID, owner: owner)
        }
        timer.resume()
    }

    func stop() {
        timer.cancel()
    }
}
