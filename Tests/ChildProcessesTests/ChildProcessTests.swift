import ChildProcesses
import Foundation
import Synchronization
import Testing

/// `ChildProcess`, checked through `/bin/sh`: output and status come back, the child starts with
/// `/dev/null` as stdin and no descriptor of ours above 2, signals are reported as Foundation did,
/// and many children started from several threads at once all come back.
@Suite struct ChildProcessTests {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    /// Runs `sh -c script` and returns its status, stdout and stderr.
    private func run(
        _ script: String, environment: [String: String]? = nil, directory: URL? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(
            executable: shell, arguments: ["-c", script], environment: environment, directory: directory)
        // stderr drains on another thread, so that neither pipe can fill up and block the child.
        let errors = Bytes()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) {
            errors.data = child.standardError?.readDataToEndOfFile() ?? Data()
        }
        let output = child.standardOutput?.readDataToEndOfFile() ?? Data()
        drained.wait()
        let status = child.wait()
        return (status, String(decoding: output, as: UTF8.self), String(decoding: errors.data, as: UTF8.self))
    }

    @Test func outputErrorsAndExitCodeComeBack() throws {
        let result = try run("echo out; echo err >&2; exit 3")
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }

    @Test func theEnvironmentAndDirectoryAreTheOnesAskedFor() throws {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let result = try run(
            "echo \"$GREETING\"; pwd", environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"],
            directory: directory)
        #expect(result.stdout == "hello\n\(directory.path)\n")
    }

    /// stdin is `/dev/null` (so `cat` ends at once), and a descriptor this process opened without
    /// close-on-exec is not open in the child.
    @Test func theChildGetsNoStdinAndNoneOfOurDescriptors() throws {
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        #expect(try run("cat").stdout == "")
        let open = try run("ls /proc/$$/fd").stdout.split(separator: "\n").compactMap { Int32($0) }
        #expect(open.contains(2))
        #expect(!open.contains(leaked))
    }

    @Test func aChildEndedByASignalReportsTheSignal() throws {
        #expect(try run("kill -TERM $$").status == SIGTERM)
        let sleeper = try ChildProcess(
            executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["30"], standardOutput: .inherit,
            standardError: .inherit)
        #expect(sleeper.isRunning)
        sleeper.send(SIGKILL)
        #expect(sleeper.wait() == SIGKILL)
        #expect(!sleeper.isRunning)
    }

    @Test func outputCanGoToAFile() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "child-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let child = try ChildProcess(
            executable: shell, arguments: ["-c", "echo to-file"], standardOutput: .file(file))
        #expect(child.wait() == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == "to-file\n")
    }

    @Test func aMissingExecutableIsAnErrorNotACrash() {
        #expect {
            _ = try ChildProcess(executable: URL(fileURLWithPath: "/no/such/program"), arguments: [])
        } throws: { error in
            "\(error)".hasPrefix("cannot start /no/such/program")
        }
    }

    /// 400 children from 4 threads at once, each exiting with its own code.
    @Test func manyChildrenFromSeveralThreadsAllComeBack() {
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<100 {
                let code = Int32((thread * 100 + index) % 200)
                if (try? run("exit \(code)").status) != code { wrong.withLock { $0 += 1 } }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
    }
}

/// Bytes written by one thread and read by another after a `DispatchGroup.wait()`.
private final class Bytes: @unchecked Sendable {
    var data = Data()
}
