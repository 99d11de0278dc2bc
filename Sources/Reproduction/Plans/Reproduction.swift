public import ArtifactStore
internal import Foundation
public import Jobs
public import Runs

/// Runs a `ReproductionPlan` through the cache: makes its datasets, then every planned run that is
/// not recorded yet, in plan order. Runs another process is computing are waited for, so several
/// `msdb reproduce` processes on one database share the work.
public struct Reproduction: Sendable {
    /// What happens, for progress lines.
    public enum Event: Sendable {
        /// A dataset is ready (`cached`: it was already recorded).
        case dataset(DatasetRole, cached: Bool)
        /// Run `index` (1-based) of `total` starts (or is looked up).
        case runStarted(index: Int, total: Int, title: String)
        /// Training progress of the current run.
        case progress(TrainingProgress)
        /// Another process holds the current run.
        case waiting(holder: String)
        /// Run `index` is done.
        case runFinished(index: Int, total: Int, title: String, outcome: RunOutcome, seconds: Double)
    }

    /// How much was done.
    public struct Summary: Sendable, Equatable {
        public var computed = 0
        public var cached = 0
        public var seconds = 0.0
        /// The ids of the planned runs this process computed and of those it found recorded (done
        /// before it asked, or by another process it waited for), in plan order: several processes
        /// on one database together compute each run exactly once.
        public var computedRuns: [ContentID] = []
        public var cachedRuns: [ContentID] = []
    }

    public let store: Store
    public let plan: ReproductionPlan
    /// Recorded datasets that replace synthetic ones.
    public let choices: DatasetChoices

    public init(store: Store, plan: ReproductionPlan, choices: DatasetChoices = DatasetChoices()) {
        self.store = store
        self.plan = plan
        self.choices = choices
    }

    /// Makes (or finds) the plan's datasets: the chosen ones as recorded, the others synthesised.
    public func datasets(events: (Event) -> Void = { _ in }) throws -> [DatasetRole: DatasetOutcome] {
        var result: [DatasetRole: DatasetOutcome] = [:]
        for role in plan.datasets {
            let outcome = try choices[role] ?? DatasetJob(store: store).synthesize(plan.profile.dataset(role))
            events(.dataset(role, cached: outcome.run.cached))
            result[role] = outcome
        }
        return result
    }

    /// The recorded datasets of the plan, without making any: missing ones are left out.
    public func recordedDatasets() throws -> [DatasetRole: DatasetOutcome] {
        var result: [DatasetRole: DatasetOutcome] = [:]
        for role in plan.datasets {
            if let chosen = choices[role] {
                result[role] = chosen
                continue
            }
            let spec = DatasetJob.spec(synthesizing: plan.profile.dataset(role))
            result[role] = try DatasetJob(store: store).recorded(spec)
        }
        return result
    }

    /// The plan positions (1-based, as `PlanEntries` counts) whose runs are recorded as done in the
    /// store, computing nothing; none when the plan's datasets are not all recorded there.
    public func recordedPositions() throws -> Set<Int> {
        let datasets = try recordedDatasets()
        let index = try RunIndex(store: store, kinds: Set(plan.runs.map(\.work.kind.rawValue)))
        var positions = Set<Int>()
        for (offset, run) in plan.runs.enumerated() {
            if let dataset = datasets[run.dataset], index[run.key(dataset: dataset.manifestID)] != nil {
                positions.insert(offset + 1)
            }
        }
        return positions
    }

    /// The plan's results as recorded, computing nothing: what is not in the store is listed in
    /// `missing` (for `msdb report` and `msdb export notebooks`).
    public func recordedResults() throws -> PaperResults {
        try recordedAssembly().assemble()
    }

    /// The assembly of what is recorded, computing nothing (its `planTimes` read recorded runs).
    public func recordedAssembly() throws -> ResultsAssembly {
        ResultsAssembly(store: store, plan: plan, datasets: try recordedDatasets(), compute: false)
    }

    /// Makes the datasets and runs every planned run, or only the `entries` selected (cached ones
    /// are answered from the store). Progress events keep the runs' positions in the whole plan.
    public func run(
        force: Bool = false, entries: PlanEntries? = nil, events: (Event) -> Void = { _ in }
    ) throws -> (Summary, [DatasetRole: DatasetOutcome]) {
        let started = Date()
        var summary = Summary()
        let datasets = try self.datasets(events: events)
        let runs = plan.runs
        for (offset, planned) in runs.enumerated() where entries?.contains(offset + 1) ?? true {
            guard let dataset = datasets[planned.dataset] else {
                preconditionFailure(
                    "Reproduction: dataset \(planned.dataset) of \(planned.title) was not made")
            }
            let index = offset + 1
            events(.runStarted(index: index, total: runs.count, title: planned.title))
            let runStarted = Date()
            let outcome = try planned.work.execute(
                store: store, dataset: dataset.manifestID, force: force,
                progress: { events(.progress($0)) }, waiting: { events(.waiting(holder: $0)) })
            if outcome.cached {
                summary.cached += 1
                summary.cachedRuns.append(outcome.id)
            } else {
                summary.computed += 1
                summary.computedRuns.append(outcome.id)
            }
            events(
                .runFinished(
                    index: index, total: runs.count, title: planned.title, outcome: outcome,
                    seconds: Date().timeIntervalSince(runStarted)))
        }
        summary.seconds = Date().timeIntervalSince(started)
        return (summary, datasets)
    }
}
