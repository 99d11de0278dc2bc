public import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// A child process started with `posix_spawn`, for `reproduce --jobs` children, Slurm's commands and
/// the tests that run msdb as a user would.
///
/// Why not Foundation's `Process`: on Linux, Swift 6.3's `Process.run()` finds the descriptors to
/// close by reading `/proc/self/fd` with a copy that can run past its buffer into an unmapped page
/// (swift-corelibs-foundation issue 5472, fixed upstream after 6.3). A process that starts thousands
/// of children, as `reproduce --jobs` and the test suite do, then crashes now and then inside
/// `Process.run()`. Here the child closes every descriptor above 2 with glibc's
/// `posix_spawn_file_actions_addclosefrom_np`, which no `/proc` listing is needed for.
///
/// The child gets `/dev/null` as its stdin, the signal dispositions and mask of a fresh process, and
/// stays in this process's process group (a Ctrl-C on the terminal reaches it too). Nothing reaps it
/// behind the caller's back: call `wait()` (or read `terminationStatus` after its exit), or it stays
/// a zombie until this process ends.
public final class ChildProcess: Sendable {
    /// Where one of the child's output streams goes.
    public enum Output: Sendable {
        /// A pipe whose read end this process gets (`standardOutput` or `standardError`).
        case pipe
        /// A file, created or truncated.
        case file(URL)
        /// This process's own stream.
        case inherit
        /// `/dev/null`.
        case discard
    }

    /// The child's process id.
    public let pid: pid_t
    /// The read end of the child's stdout, when it was `.pipe`.
    public let standardOutput: FileHandle?
    /// The read end of the child's stderr, when it was `.pipe`.
    public let standardError: FileHandle?
    /// The wait status once the child has been reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` (an absolute path) with `arguments` (without the program name), the
    /// environment `environment` (this process's when nil) and working directory `directory`.
    ///
    /// - Throws: `ChildProcessError` when the pipes cannot be made or `posix_spawn` fails (for
    ///   example, no such executable).
    public init(
        executable: URL, arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        standardOutput stdout: Output = .pipe, standardError stderr: Output = .pipe
    ) throws {
        try GNU.check()
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        let outputPipe = try Self.connect(stdout, to: STDOUT_FILENO, actions: &actions)
        let errorPipe: (read: Int32, write: Int32)?
        do {
            errorPipe = try Self.connect(stderr, to: STDERR_FILENO, actions: &actions)
        } catch {
            if let outputPipe { _ = (close(outputPipe.read), close(outputPipe.write)) }
            throw error
        }
        if let directory { _ = GNU.addChangeDirectory(&actions, directory.path) }
        _ = GNU.addCloseFrom(&actions, STDERR_FILENO + 1)

        var everySignal = sigset_t()
        var noSignal = sigset_t()
        sigfillset(&everySignal)
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map {
            "\($0.key)=\($0.value)"
        }
        var child = pid_t()
        let status = Self.withCStrings([executable.path] + arguments) { argv in
            Self.withCStrings(environmentLines) { envp in
                posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
            }
        }
        // The write ends belong to the child now (or to nobody, if it did not start).
        for case let pipe? in [outputPipe, errorPipe] { close(pipe.write) }
        guard status == 0 else {
            for case let pipe? in [outputPipe, errorPipe] { close(pipe.read) }
            throw ChildProcessError(
                "cannot start \(executable.path): \(String(cString: strerror(status)))")
        }
        pid = child
        standardOutput = outputPipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        standardError = errorPipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
    }

    /// Whether the child has not exited yet (reaping it if it has).
    public var isRunning: Bool { terminationStatus == nil }

    /// The child's exit code (or the signal that ended it, as `wait()`), nil while it runs.
    public var terminationStatus: Int32? {
        let raw = reaped.withLock { status in
            if status == nil {
                var raw: Int32 = 0
                let result = waitpid(pid, &raw, WNOHANG)
                if result == pid {
                    status = raw
                } else if result == -1 && errno == ECHILD {
                    // Reaped by someone else (nothing in msdb does): report exit code 255.
                    status = 255 << 8
                }
            }
            return status
        }
        return raw.map(Self.exitStatus)
    }

    /// Waits for the child to exit and returns its status: the exit code, or the number of the
    /// signal that ended it (as Foundation's `terminationStatus`).
    ///
    /// The wait itself does not reap the child (`WNOWAIT`), so that `send` may run meanwhile: only
    /// reaping, under the lock, frees the pid for reuse.
    @discardableResult
    public func wait() -> Int32 {
        while true {
            if let status = terminationStatus { return status }
            var information = siginfo_t()
            _ = waitid(P_PID, id_t(pid), &information, WEXITED | WNOWAIT)
        }
    }

    /// Sends `signal` to the child unless it has already been reaped.
    public func send(_ signal: Int32) {
        reaped.withLock { status in
            if status == nil { _ = kill(pid, signal) }
        }
    }

    /// The exit code of wait status `raw`, or the signal number if a signal ended the child.
    static func exitStatus(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }

    /// Adds the file actions that connect the child's descriptor `target` as `output` says, and
    /// returns the pipe made for `.pipe` (both ends close on exec; the child's copy does not).
    private static func connect(
        _ output: Output, to target: Int32, actions: inout posix_spawn_file_actions_t
    ) throws -> (read: Int32, write: Int32)? {
        switch output {
        case .inherit:
            return nil
        case .discard:
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            return nil
        case .file(let url):
            posix_spawn_file_actions_addopen(&actions, target, url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            return nil
        case .pipe:
            var ends: [Int32] = [0, 0]
            guard GNU.pipe2(&ends, O_CLOEXEC) == 0 else {
                throw ChildProcessError("cannot make a pipe: \(String(cString: strerror(errno)))")
            }
            posix_spawn_file_actions_adddup2(&actions, ends[1], target)
            return (ends[0], ends[1])
        }
    }

    /// Calls `body` with a NULL-terminated array of C strings copied from `strings`.
    private static func withCStrings<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        let copies = strings.map { strdup($0) } + [nil]
        defer { copies.forEach { free($0) } }
        return body(copies)
    }
}

/// The glibc functions `ChildProcess` needs that Swift's Glibc module does not declare (they are GNU
/// extensions, declared only under `_GNU_SOURCE`), looked up by name. glibc has had all three since
/// 2.34.
private enum GNU {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias AddChangeDirectory =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    static let closeFrom = look("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self)
    static let changeDirectory = look("posix_spawn_file_actions_addchdir_np", as: AddChangeDirectory.self)
    static let pipe = look("pipe2", as: Pipe2.self)

    /// Throws unless every function was found.
    static func check() throws {
        guard closeFrom != nil, changeDirectory != nil, pipe != nil else {
            throw ChildProcessError(
                "this C library lacks posix_spawn_file_actions_addclosefrom_np, _addchdir_np or pipe2 "
                    + "(glibc 2.34 or later has them)")
        }
    }

    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ first: Int32)
        -> Int32
    {
        closeFrom.unsafelyUnwrapped(actions, first)
    }

    static func addChangeDirectory(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String
    ) -> Int32 {
        changeDirectory.unsafelyUnwrapped(actions, path)
    }

    static func pipe2(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        pipe.unsafelyUnwrapped(ends, flags)
    }

    private static func look<Function>(_ name: String, as type: Function.Type) -> Function? {
        // RTLD_DEFAULT: search the process's global symbols.
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }
}

/// A child process that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}
