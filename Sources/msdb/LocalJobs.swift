import ChildProcesses
import Foundation
import Reproduction
import Synchronization

/// `msdb reproduce --jobs N`: computes a plan's runs in N child processes of this same binary at
/// once, each child `reproduce --entries K` on the one database (run claims keep two processes
/// from computing one run). Children's progress lines are passed on to stderr whole, so lines of
/// two runs interleave but never mix; on a terminal only the lines that end a run are (a line per
/// epoch from several runs at once would scroll past unread). Their `--json` summaries say what
/// each computed.
struct LocalJobs {
    /// What one child did.
    struct Outcome: Sendable {
        var position: Int
        var status: Int32
        var stdout: String

        /// The part of the child's `reproduce --json` summary the parent adds up.
        struct Summary: Decodable {
            let computedRuns: [String]
            enum CodingKeys: String, CodingKey { case computedRuns = "computed_runs" }
        }

        /// The child's summary, nil when it failed before printing one.
        var summary: Summary? {
            try? JSONDecoder().decode(Summary.self, from: Data(stdout.utf8))
        }
    }

    /// The arguments of the child that computes plan position `position` (without the program).
    let arguments: @Sendable (Int) -> [String]
    /// How many children run at once.
    let jobs: Int
    /// The program the children run: this binary, or another in tests.
    var program = URL(fileURLWithPath: Self.executable)

    /// This msdb binary, by absolute path: what children and Slurm tasks run.
    static var executable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    /// Runs one child per position in `positions`, at most `jobs` at a time, and returns their
    /// outcomes in position order. A child that fails does not stop the others.
    func run(_ positions: [Int]) throws -> [Outcome] {
        let executable = program
        let finished = FinishedChildren()
        var pending = positions[...]
        var running = 0
        var outcomes: [Outcome] = []
        while !pending.isEmpty || running > 0 {
            while running < jobs, let position = pending.popFirst() {
                try launch(executable, position: position, finished: finished)
                running += 1
            }
            let done = finished.next()
            running -= done.count
            outcomes += done
        }
        return outcomes.sorted { $0.position < $1.position }
    }

    /// Starts one child. Its outcome is reported only once both of its pipes have reached their end
    /// and the child has exited: each pipe is drained by a thread of its own, so no byte can arrive
    /// after the outcome (a child's whole `--json` summary was once lost that way, and the child
    /// counted as failed).
    private func launch(_ executable: URL, position: Int, finished: FinishedChildren) throws {
        let child = try ChildProcess(executable: executable, arguments: arguments(position))
        let forwarder = SharedBytes(keepingEpochLines: !CommandOutput.stderrIsTerminal)
        let collected = SharedBytes()
        let ends = DispatchGroup()
        ends.enter()
        DispatchQueue.global().async {
            collected.append(child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile())
            ends.leave()
        }
        ends.enter()
        DispatchQueue.global().async {
            let handle = child.standardError.unsafelyUnwrapped
            while case let data = handle.availableData, !data.isEmpty { forwarder.forwardLines(data) }
            forwarder.forwardRest()
            ends.leave()
        }
        ends.notify(queue: .global()) {
            finished.add(
                Outcome(
                    position: position, status: child.wait(),
                    stdout: String(decoding: collected.take(), as: UTF8.self)))
        }
    }
}

/// Children that have exited and not been collected yet; `next()` blocks until there is one.
private final class FinishedChildren: Sendable {
    private let outcomes = Mutex<[LocalJobs.Outcome]>([])
    private let signal = DispatchSemaphore(value: 0)

    func add(_ outcome: LocalJobs.Outcome) {
        outcomes.withLock { $0.append(outcome) }
        signal.signal()
    }

    /// Waits for an exit, then takes every outcome there is (possibly none, when an earlier call
    /// already took the one this wake-up announced).
    func next() -> [LocalJobs.Outcome] {
        signal.wait()
        return outcomes.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}

/// Bytes that a child's pipe handlers fill from another thread: its stdout, kept whole, or its
/// stderr, passed on to this process's stderr a whole line at a time.
private final class SharedBytes: Sendable {
    private let buffer = Mutex(Data())
    /// Whether `forwardLines` passes on training progress lines (`…: epoch 3/20, …`); it never
    /// passes on a child's dataset lines.
    private let keepingEpochLines: Bool

    init(keepingEpochLines: Bool = true) {
        self.keepingEpochLines = keepingEpochLines
    }

    func append(_ data: Data) {
        buffer.withLock { $0.append(data) }
    }

    /// Everything appended so far, removed.
    func take() -> Data {
        buffer.withLock { pending in
            defer { pending = Data() }
            return pending
        }
    }

    /// Appends `data` and writes out every complete line.
    func forwardLines(_ data: Data) {
        guard !data.isEmpty else { return }
        let lines: Data? = buffer.withLock { pending in
            pending.append(data)
            guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
            let complete = Data(pending[...last])
            pending = Data(pending[(last + 1)...])
            return complete
        }
        guard let lines else { return }
        // The parent has reported the datasets already; epoch lines only off a terminal.
        let kept = String(decoding: lines, as: UTF8.self).split(separator: "\n").filter { line in
            !line.hasPrefix("dataset ") && (keepingEpochLines || !line.contains(": epoch "))
        }
        guard !kept.isEmpty else { return }
        FileHandle.standardError.write(Data((kept.joined(separator: "\n") + "\n").utf8))
    }

    /// Writes out a last line that had no line end.
    func forwardRest() {
        let rest = take()
        if !rest.isEmpty { FileHandle.standardError.write(rest + Data("\n".utf8)) }
    }
}
