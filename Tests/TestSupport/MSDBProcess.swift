internal import ChildProcesses
public import Foundation

/// Runs the built `msdb` executable the way a user would, for end-to-end tests.
public enum MSDBProcess {
    /// What one invocation printed and returned.
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let stdoutData: Data
    }

    /// The `msdb` binary: `$MSDB_BINARY` if set, else the one beside the running test bundle
    /// (SwiftPM builds both into the same directory).
    public static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["MSDB_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Darwin the runner sits inside a .xctest bundle; walk up to the build directory.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents"
            || directory.lastPathComponent == "MacOS"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appending(path: "msdb")
    }

    /// The web view's binary, `msdb-serve`, built beside `msdb` (`$MSDB_SERVE_BINARY` if set).
    public static var serveExecutable: URL {
        if let override = ProcessInfo.processInfo.environment["MSDB_SERVE_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        return executable.deletingLastPathComponent().appending(path: "msdb-serve")
    }

    /// This process's environment as the msdb children of tests get it: every training epoch keeps
    /// its checkpoint (`MSDB_CHECKPOINT_SECONDS=0`, unless set), as the tests of resuming, of full
    /// disks and of running runs expect; a test of the default cadence passes its own value.
    public static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["MSDB_CHECKPOINT_SECONDS"] = environment["MSDB_CHECKPOINT_SECONDS"] ?? "0"
        return environment
    }

    /// Runs `msdb arguments…` with `environment` added to this process's, in `directory`.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> Outcome {
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: Self.environment(adding: environment),
            directory: directory)
        // Drain stderr on another thread so a large output on either pipe cannot block the child.
        let errorBox = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errorBox.data = child.standardError.unsafelyUnwrapped.readDataToEndOfFile()
        }
        let outputData = child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile()
        group.wait()
        let status = child.wait()
        let errorData = errorBox.data
        return Outcome(
            status: status, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), stdoutData: outputData)
    }

    /// `childEnvironment` without `MSDB_DB`, with `environment` added.
    static func environment(adding environment: [String: String]) -> [String: String] {
        var merged = childEnvironment
        merged["MSDB_DB"] = nil
        merged.merge(environment) { _, new in new }
        return merged
    }
}

/// Holds bytes written by one thread and read by another after a `DispatchGroup.wait()`.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
