import Foundation
internal import Jobs
internal import Runs

/// The name `.<name>.<pid>.partial` a report file is written under before it is renamed into place.
struct PartialFileName {
    let name: String
    let pid: pid_t

    init(name: String, pid: pid_t) {
        self.name = name
        self.pid = pid
    }

    /// Parses a directory entry; `nil` for anything that is not a partial file.
    init?(_ entry: String) {
        guard entry.hasPrefix("."), entry.hasSuffix(".partial") else { return nil }
        let parts = entry.dropFirst().dropLast(".partial".count).split(separator: ".")
        guard parts.count >= 2, let last = parts.last, let pid = pid_t(last), pid > 0 else { return nil }
        self.init(name: parts.dropLast().joined(separator: "."), pid: pid)
    }

    var text: String { ".\(name).\(pid).partial" }

    /// Whether the process that wrote it still exists (signal 0 only checks).
    var ownerIsRunning: Bool { kill(pid, 0) == 0 || errno == EPERM }
}
