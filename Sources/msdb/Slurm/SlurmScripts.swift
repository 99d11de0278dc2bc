import Foundation

/// The two batch scripts of a Slurm reproduction: an array whose task K computes plan run K into
/// its own shard database on the task's file system, and a merge job that brings the shards into
/// the target database and writes the reports. Pure text, so `--dry-run` can show it.
struct SlurmScripts {
    /// This msdb, by absolute path (the cluster's nodes must see the same path).
    let executable: String
    /// The target database, shard directory and report directory, absolute.
    let database: String
    let shards: String
    let reports: String
    /// `--profile …`, `--only …` and `--dataset ROLE=MANIFEST` as given to `reproduce`.
    let planArguments: [String]
    /// The runs that recorded the `--dataset` choices: each task pulls them (and their lineage)
    /// from the target before it starts, so its shard holds the imported sets too.
    var datasetRuns: [String] = []
    let options: SlurmOptions
    /// BLAS threads of each task and of the merge job.
    let threads: Int
    let jobName: String

    /// The shard database of plan run `position`.
    func shard(_ position: Int) -> String { "\(shards)/shard-\(position).sqlite" }

    /// The array job computing `positions` (a `PlanEntries` text such as `1-52` or `3,7`). Each
    /// task works on a database on its node's own disk (`$TMPDIR`, else `/tmp`): SQLite's locks and
    /// write-ahead log are unreliable on network file systems. It starts from what its shard already
    /// holds (a resubmitted task resumes from the checkpoints its predecessor left) and, when it
    /// ends, even by failing, leaves its database as the shard (copied under a temporary name, then
    /// renamed, so a shard is never half-written).
    func array(positions: String) -> String {
        var lines = header(name: jobName, output: "\(shards)/logs/task-%a.log")
        lines.insert("#SBATCH --array=\(positions)" + (options.arrayLimit.map { "%\($0)" } ?? ""), at: 2)
        let task = "${SLURM_ARRAY_TASK_ID}"
        let command =
            [Self.quoted(executable), "--db", "\"$work\"", "reproduce"] + planArguments.map(Self.quoted)
            + ["--entries", task, "--threads", "\(threads)"]
        lines += [
            "set -euo pipefail",
            "shard=" + Self.quoted(shards + "/shard-") + task + ".sqlite",
            "work=\"${TMPDIR:-/tmp}/msdb-${SLURM_JOB_ID}-\(task).sqlite\"",
            "keep() {",
            "    if [ -f \"$work-wal\" ]; then",
            "        cp \"$work-wal\" \"$shard-wal.partial\" && mv \"$shard-wal.partial\" \"$shard-wal\"",
            "    else",
            "        rm -f \"$shard-wal\"",
            "    fi",
            "    if [ -f \"$work\" ]; then cp \"$work\" \"$shard.partial\" && mv \"$shard.partial\" \"$shard\"; fi",
            "    rm -f \"$work\" \"$work-wal\" \"$work-shm\"",
            "}",
            "trap keep EXIT",
            // Slurm ends a cancelled or timed-out task with SIGTERM: exit through the EXIT trap.
            "trap 'exit 143' TERM INT",
            // A work file left by an earlier job with the same id (ids restart when a cluster's state
            // is reset) must not stand in for this task's database.
            "rm -f \"$work\" \"$work-wal\" \"$work-shm\"",
            "for suffix in '' -wal; do",
            "    if [ -f \"$shard$suffix\" ]; then cp \"$shard$suffix\" \"$work$suffix\"; fi",
            "done",
        ]
        for run in datasetRuns {
            lines.append(
                [
                    Self.quoted(executable), "--db", "\"$work\"", "pull", Self.quoted(database), "--filter",
                    Self.quoted("id = '\(run)'"),
                ].joined(separator: " "))
        }
        lines += [
            command.joined(separator: " ")
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The job that merges every shard into the target and writes the reports (submitted with
    /// `--dependency=afterok` on the array, so it runs only when every task succeeded).
    func merge() -> String {
        var lines = header(name: jobName + "-merge", output: "\(shards)/logs/merge-%j.log")
        let msdb = Self.quoted(executable)
        let target = Self.quoted(database)
        lines += [
            "set -euo pipefail",
            "shopt -s nullglob",
            "\(msdb) --db \(target) merge \(Self.quoted(shards))/shard-*.sqlite",
            "exec \(msdb) --db \(target) reproduce "
                + (planArguments + ["--out", reports, "--threads", "\(threads)"]).map(Self.quoted).joined(
                    separator: " "),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(name: String, output: String) -> [String] {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(name)"]
        lines.append("#SBATCH --output=\(output)")
        lines.append("#SBATCH --cpus-per-task=\(threads)")
        if let time = options.time { lines.append("#SBATCH --time=\(time)") }
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        return lines
    }

    /// `text` as one shell word: left bare when it holds only characters the shell leaves alone,
    /// else in single quotes (nothing inside expands).
    static func quoted(_ text: String) -> String {
        let safe = text.allSatisfy {
            ($0.isASCII && ($0.isLetter || $0.isNumber)) || "/._-=:,+@%".contains($0)
        }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
