import ArgumentParser

/// Where `msdb reproduce` computes the plan's runs: in this process (and its `--jobs` children), or
/// as a Slurm job array.
enum Executor: String, CaseIterable, ExpressibleByArgument {
    case local, slurm
}

/// `reproduce --executor slurm` and the settings of the jobs it submits.
struct SlurmOptions: ParsableArguments {
    @Option(help: "local (this machine) or slurm (one sbatch array task per plan run, then a merge job).")
    var executor = Executor.local

    @Option(help: "Slurm: the partition to submit to (default: the cluster's default).")
    var partition: String?

    @Option(name: .customLong("array-limit"), help: "Slurm: at most this many array tasks at once.")
    var arrayLimit: Int?

    @Option(help: "Slurm: the time limit of each task and of the merge job, as HH:MM:SS.")
    var time: String?

    @Option(
        name: .customLong("cpus-per-task"),
        help: "Slurm: CPUs of each task, also its BLAS threads (default: --threads).")
    var cpusPerTask: Int?

    @Option(help: "Slurm: the directory for the tasks' shard databases, scripts and logs.")
    var shards = "shards"

    func validate(localThreads threads: Int) throws {
        if executor == .local {
            let slurmOnly = [
                ("--partition", partition != nil), ("--array-limit", arrayLimit != nil),
                ("--time", time != nil),
                ("--cpus-per-task", cpusPerTask != nil),
            ]
            if let (name, _) = slurmOnly.first(where: \.1) {
                throw ValidationError("\(name) applies to --executor slurm")
            }
            return
        }
        if let arrayLimit, arrayLimit < 1 {
            throw ValidationError("--array-limit must be at least 1, got \(arrayLimit)")
        }
        if let cpusPerTask, cpusPerTask < 1 {
            throw ValidationError("--cpus-per-task must be at least 1, got \(cpusPerTask)")
        }
        if let time {
            let parts = time.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ $0.count >= 1 && $0.allSatisfy(\.isNumber) }) else {
                throw ValidationError("--time must be HH:MM:SS, got '\(time)'")
            }
        }
        if let partition, partition.isEmpty || partition.contains(where: { $0.isWhitespace || $0 == "'" }) {
            throw ValidationError("--partition must be a partition name, got '\(partition)'")
        }
    }
}
