import ArtifactStore
import Foundation
import Jobs
import Reproduction

extension ReproduceCommand {
    /// `--executor slurm`: writes the batch scripts into the shard directory and submits what is
    /// missing (with `--dry-run`, prints the scripts and submits nothing).
    func submitToSlurm(_ plan: ReproductionPlan) throws {
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        let store = try global.openStore()
        var planArguments = ["--profile", planOptions.profile]
        if let only = planOptions.only { planArguments += ["--only", only] }
        let choices = try planOptions.choices(store: store)
        let chosen = choices.chosen.sorted { $0.key < $1.key }
        for (role, outcome) in chosen {
            planArguments += ["--dataset", "\(role.rawValue)=\(outcome.manifestID.hex)"]
        }
        var scripts = SlurmScripts(
            executable: LocalJobs.executable,
            database: absolute(global.databasePath), shards: absolute(slurm.shards), reports: absolute(out),
            planArguments: planArguments, options: slurm, threads: slurm.cpusPerTask ?? threads,
            jobName: "msdb-\(plan.profile.name.rawValue)")
        scripts.datasetRuns = chosen.map(\.value.run.id.hex)
        let outcome = try SlurmExecutor(
            scripts: scripts, reproduction: Reproduction(store: store, plan: plan)
        )
        .run(dryRun: dryRun)
        if json {
            try CommandOutput.printJSON(outcome)
            return
        }
        for earlier in outcome.resubmitted {
            CommandOutput.note(
                "run \(earlier.position) (Slurm task \(earlier.task)) left no result: resubmitting it")
        }
        if dryRun {
            for path in outcome.scripts {
                print("# \(path)")
                print(try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        let todo = outcome.positions.isEmpty ? "no runs to compute" : "runs \(outcome.positions)"
        if !outcome.stillQueued.isEmpty {
            print(
                "\(outcome.stillQueued.count) tasks are still queued or running; the merge job already waits for them"
            )
        } else if let merge = outcome.mergeJob {
            print(
                "submitted \(outcome.arrayJob.map { "array job \($0) (\(todo)) and " } ?? "")merge job \(merge); "
                    + "shards in \(outcome.shards), reports to \(scripts.reports). If a task fails, run this "
                    + "command again: it resubmits only the missing runs.")
        } else {
            print("would submit \(todo) of \(outcome.runs) and the merge job (--dry-run: nothing submitted)")
        }
    }
}
