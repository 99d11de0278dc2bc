import ArtifactStore
import Foundation
import Reproduction

/// `msdb reproduce --executor slurm`: submits the plan's runs that neither the target database
/// nor a shard holds as one `sbatch --array` job (task K computes plan run K into
/// `shard-K.sqlite`), and a merge job that runs after every task succeeded. Called again with the
/// same options it resubmits only what is still missing, naming the Slurm tasks that left no
/// result, and skips tasks of the last array that are still queued.
struct SlurmExecutor {
    let scripts: SlurmScripts
    let reproduction: Reproduction

    /// What a call found and did (`--json`).
    struct Outcome: Encodable {
        var positions: String
        var runs: Int
        var recorded: [Int]
        var stillQueued: [Int]
        var resubmitted: [Resubmitted]
        var arrayJob: String?
        var mergeJob: String?
        var shards: String
        var scripts: [String]

        /// A run an earlier task was to compute and did not.
        struct Resubmitted: Encodable {
            var position: Int
            var task: String
        }

        enum CodingKeys: String, CodingKey {
            case positions, runs, recorded, resubmitted, shards, scripts
            case stillQueued = "still_queued"
            case arrayJob = "array_job"
            case mergeJob = "merge_job"
        }
    }

    func run(dryRun: Bool) throws -> Outcome {
        let shards = scripts.shards
        try FileManager.default.createDirectory(atPath: shards + "/logs", withIntermediateDirectories: true)
        let count = reproduction.plan.runs.count
        let all = Array(stride(from: 1, through: count, by: 1))
        var recorded = try reproduction.recordedPositions()
        for position in all where !recorded.contains(position) {
            guard FileManager.default.fileExists(atPath: scripts.shard(position)) else { continue }
            let shard = try Store(path: scripts.shard(position))
            let inShard = try Reproduction(
                store: shard, plan: reproduction.plan, choices: reproduction.choices
            )
            .recordedPositions()
            if inShard.contains(position) { recorded.insert(position) }
        }
        var submissions = try SlurmSubmission.load(from: shards)
        var queued = Set<Int>()
        if let last = submissions.last, let arrayJob = last.arrayJob {
            queued = try SlurmCommands.queuedTasks(of: arrayJob)
        }
        let pending = all.filter { !recorded.contains($0) && !queued.contains($0) }
        var resubmitted: [Outcome.Resubmitted] = []
        for position in pending {
            if let earlier = submissions.last(where: { $0.positions.contains(position) }),
                let arrayJob = earlier.arrayJob
            {
                resubmitted.append(.init(position: position, task: "\(arrayJob)_\(position)"))
            }
        }
        let positions =
            pending.isEmpty
            ? ""
            : try PlanEntries(parsing: pending.map(String.init).joined(separator: ","), count: count).text
        var outcome = Outcome(
            positions: positions, runs: count, recorded: recorded.sorted(), stillQueued: queued.sorted(),
            resubmitted: resubmitted, shards: shards, scripts: [])
        let arrayPath = shards + "/array.sbatch"
        let mergePath = shards + "/merge.sbatch"
        if !pending.isEmpty {
            try scripts.array(positions: positions).write(
                toFile: arrayPath, atomically: true, encoding: .utf8)
            outcome.scripts.append(arrayPath)
        }
        try scripts.merge().write(toFile: mergePath, atomically: true, encoding: .utf8)
        outcome.scripts.append(mergePath)
        guard !dryRun else { return outcome }
        guard queued.isEmpty || pending.isEmpty else {
            throw CLIError(
                "tasks \(queued.sorted().map(String.init).joined(separator: ",")) of array job "
                    + "\(submissions.last?.arrayJob ?? "?") are still queued or running; run this again when "
                    + "they have finished (or scancel them) to resubmit the runs that are missing")
        }
        if !queued.isEmpty { return outcome }
        // An earlier merge job waits on an array with a failed task: it can never start.
        if let last = submissions.last { SlurmCommands.cancel(last.mergeJob) }
        var dependency: [String] = []
        if !pending.isEmpty {
            let arrayJob = try SlurmCommands.submit(arrayPath)
            outcome.arrayJob = arrayJob
            dependency = ["--dependency=afterok:\(arrayJob)"]
        }
        let mergeJob = try SlurmCommands.submit(mergePath, extra: dependency)
        outcome.mergeJob = mergeJob
        submissions.append(
            SlurmSubmission(arrayJob: outcome.arrayJob, mergeJob: mergeJob, positions: pending))
        try SlurmSubmission.save(submissions, to: shards)
        return outcome
    }
}
