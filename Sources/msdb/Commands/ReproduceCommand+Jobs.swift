import ArtifactStore
import Foundation
import Reproduction

extension ReproduceCommand {
    /// What `--jobs` children computed, added up.
    struct ChildWork {
        var computed: [ContentID] = []
        var seconds = 0.0
    }

    /// Computes the plan runs at `positions` in `--jobs` child processes (`LocalJobs`); throws
    /// naming the positions whose child failed, after the others have finished.
    func childSummaries(_ positions: [Int]) throws -> ChildWork {
        let started = Date()
        let (database, plan, threads, force) = (global.databasePath, planOptions, threads, force)
        let pool = LocalJobs(
            arguments: { position in
                var arguments = ["--db", database, "reproduce", "--profile", plan.profile]
                if let only = plan.only { arguments += ["--only", only] }
                for choice in plan.datasets { arguments += ["--dataset", choice] }
                arguments += ["--entries", "\(position)", "--jobs", "1", "--threads", "\(threads)", "--json"]
                return arguments + (force ? ["--force"] : [])
            }, jobs: processes)
        var work = ChildWork()
        var failed: [Int] = []
        for outcome in try pool.run(positions) {
            guard outcome.status == 0, let summary = outcome.summary else {
                failed.append(outcome.position)
                continue
            }
            work.computed += summary.computedRuns.compactMap { ContentID(hex: $0) }
        }
        work.seconds = Date().timeIntervalSince(started)
        guard failed.isEmpty else {
            let list = failed.map(String.init).joined(separator: ",")
            throw CLIError(
                "\(failed.count) of the plan's runs failed (positions \(list)); the others are recorded. Rerun "
                    + "the same command to retry them, or one with --entries \(list) to see why")
        }
        return work
    }
}
