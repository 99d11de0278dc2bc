internal import ChildProcesses
public import Foundation

/// A small tmpfs file system mounted for one test (needs root and a kernel that lets this process
/// mount, as on the CI machine): a disk that can fill up and a file system that can turn
/// read-only. Unmounted when released.
public final class TmpfsMount: @unchecked Sendable {
    public let url: URL

    /// Mounts a tmpfs of `bytes` at a new directory inside `directory`.
    public init(in directory: URL, bytes: Int) throws {
        url = directory.appending(path: "tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let status = Self.mount(["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", url.path])
        guard status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    deinit {
        _ = Self.command("/usr/bin/umount", ["-l", url.path])
        try? FileManager.default.removeItem(at: url)
    }

    /// Whether this process can mount a tmpfs (root with CAP_SYS_ADMIN), and if not, why not.
    public static let unavailableReason: String? = {
        guard geteuid() == 0 else { return "not running as root (tmpfs needs mount privileges)" }
        let probe = FileManager.default.temporaryDirectory.appending(path: "msdb-tmpfs-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard mount(["-t", "tmpfs", "-o", "size=65536", "tmpfs", probe.path]) == 0 else {
            return "mount -t tmpfs is not permitted here (no CAP_SYS_ADMIN?)"
        }
        _ = command("/usr/bin/umount", [probe.path])
        return nil
    }()

    /// The path of `name` inside the mount.
    public func path(_ name: String) -> String {
        url.appending(path: name).path
    }

    /// Remounts read-only or read-write; the exit status of `mount` (non-zero when, for example,
    /// a process holds a file open for writing and the kernel refuses to make it read-only).
    @discardableResult
    public func remount(readOnly: Bool) -> Int32 {
        Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", url.path])
    }

    /// Bytes the file system still has for new data.
    public var freeBytes: Int {
        var volume = statvfs()
        guard statvfs(url.path, &volume) == 0 else { return 0 }
        return Int(volume.f_bavail) * Int(volume.f_frsize)
    }

    private static func mount(_ arguments: [String]) -> Int32 {
        command("/usr/bin/mount", arguments)
    }

    private static func command(_ executable: String, _ arguments: [String]) -> Int32 {
        let child = try? ChildProcess(
            executable: URL(fileURLWithPath: executable), arguments: arguments, standardOutput: .discard,
            standardError: .discard)
        return child?.wait() ?? -1
    }
}
