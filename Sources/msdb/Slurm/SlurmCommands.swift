import ChildProcesses
import Foundation

/// The Slurm client commands `reproduce --executor slurm` runs, each once per call: `sbatch` to
/// submit, `squeue` to ask which tasks of an earlier array are still queued or running, `scancel`
/// to withdraw a merge job whose dependency can no longer be met. Nothing here waits on the queue.
enum SlurmCommands {
    /// Submits `script` with `extra` options; returns the job id (`sbatch --parsable`).
    static func submit(_ script: String, extra: [String] = []) throws -> String {
        let output = try run("sbatch", ["--parsable"] + extra + [script])
        // `--parsable` prints `id` or `id;cluster`.
        guard
            let id = output.split(separator: ";").first.map(String.init)?.trimmingCharacters(
                in: .whitespacesAndNewlines),
            !id.isEmpty, id.allSatisfy(\.isNumber)
        else { throw CLIError("sbatch printed no job id: \(output)") }
        return id
    }

    /// The array task ids (plan positions) of job `arrayJob` still pending or running.
    static func queuedTasks(of arrayJob: String) throws -> Set<Int> {
        let output = try run("squeue", ["--noheader", "--array", "--format=%K", "--jobs=\(arrayJob)"])
        return Set(
            output.split(whereSeparator: \.isNewline).compactMap {
                Int($0.trimmingCharacters(in: .whitespaces))
            })
    }

    /// Cancels job `id`, ignoring a job that has already left the queue.
    static func cancel(_ id: String) {
        _ = try? run("scancel", [id])
    }

    /// Runs `command` (found on PATH) and returns its stdout; throws its stderr when it fails.
    private static func run(_ command: String, _ arguments: [String]) throws -> String {
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [command] + arguments)
        // Slurm's commands print little on stderr; it is read once stdout has ended.
        let stdout = child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile()
        let stderr = child.standardError.unsafelyUnwrapped.readDataToEndOfFile()
        let status = child.wait()
        guard status == 0 else {
            let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            if status == 127 {
                throw CLIError("\(command) not found: --executor slurm needs Slurm's client commands on PATH")
            }
            throw CLIError("\(command) failed: \(message.isEmpty ? "exit \(status)" : message)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
