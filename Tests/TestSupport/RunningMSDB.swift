internal import ChildProcesses
public import Foundation

/// An `msdb` process started in the background, to be killed at a chosen moment (the crash tests)
/// or waited for. Its stdout and stderr go to files, so nothing blocks on a full pipe.
public final class RunningMSDB: @unchecked Sendable {
    private let child: ChildProcess
    private let outputURL: URL
    private let errorURL: URL

    /// Starts `msdb arguments…` (or another of the package's binaries, `executable`) with
    /// `environment` added to this process's; output files are written under `scratch` with the
    /// name `label`.
    public init(
        _ arguments: [String], environment: [String: String] = [:], scratch: URL, label: String,
        executable: URL = MSDBProcess.executable
    ) throws {
        outputURL = scratch.appending(path: "\(label).stdout")
        errorURL = scratch.appending(path: "\(label).stderr")
        for url in [outputURL, errorURL] {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        child = try ChildProcess(
            executable: executable, arguments: arguments,
            environment: MSDBProcess.environment(adding: environment),
            standardOutput: .file(outputURL), standardError: .file(errorURL))
    }

    /// The process id.
    public var pid: Int32 { child.pid }

    /// Whether the process has not exited yet.
    public var isRunning: Bool { child.isRunning }

    /// Sends SIGTERM and waits for the process to exit.
    public func terminateAndWait() {
        child.send(SIGTERM)
        child.wait()
    }

    /// Sends SIGKILL (`kill -9`) and waits until the process is reaped, so that its pid is gone
    /// (a zombie would still look alive to the next claimant).
    public func killAndWait() {
        child.send(SIGKILL)
        child.wait()
    }

    /// Waits for the process to exit by itself and returns what it printed.
    public func wait() -> MSDBProcess.Outcome {
        child.wait()
        return outcome
    }

    /// The exit status and output so far (complete once the process has exited).
    public var outcome: MSDBProcess.Outcome {
        let output = (try? Data(contentsOf: outputURL)) ?? Data()
        let error = (try? Data(contentsOf: errorURL)) ?? Data()
        return MSDBProcess.Outcome(
            status: child.terminationStatus ?? -1,
            stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: error, as: UTF8.self),
            stdoutData: output)
    }
}
