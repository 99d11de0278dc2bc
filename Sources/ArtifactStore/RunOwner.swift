internal import Foundation

/// The process computing a run, recorded in `runs.claimed_by` as `host:pid` or, for one of
/// several owners inside a process, `host:pid#instance`.
public struct RunOwner: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let pid: Int32
    /// Distinguishes owners within one process (tests, or a future multi-worker executor).
    public let instance: String

    public init(host: String, pid: Int32, instance: String = "") {
        self.host = host
        self.pid = pid
        self.instance = instance
    }

    /// This process.
    public static var current: RunOwner {
        RunOwner(host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier)
    }

    /// This process under another instance name.
    public static func current(instance: String) -> RunOwner {
        RunOwner(host: current.host, pid: current.pid, instance: instance)
    }

    /// Parses `host:pid[#instance]`; nil for anything else.
    public init?(recorded text: String) {
        let parts = text.split(separator: "#", maxSplits: 1)
        let address = parts.first ?? ""
        guard let colon = address.lastIndex(of: ":"), let pid = Int32(address[address.index(after: colon)...])
        else {
            return nil
        }
        self.init(
            host: String(address[..<colon]), pid: pid, instance: parts.count == 2 ? String(parts[1]) : "")
    }

    public var description: String { "\(host):\(pid)" + (instance.isEmpty ? "" : "#\(instance)") }

    /// Whether the owner is known to be gone: only decidable for a process on this host, where a
    /// pid that no longer exists means the process died (for example under `kill -9`).
    public var isKnownDead: Bool {
        guard host == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
