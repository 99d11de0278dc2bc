public import Foundation

/// How often a training job keeps a resume point: an epoch's checkpoint is stored when at least
/// `minimumSeconds` have passed since the attempt started or since its last stored checkpoint.
///
/// Checkpoints exist for resuming a run whose process died, and are released when the run
/// completes. Storing one costs a serialisation, a SHA-256, a deflate and a database write of the
/// network and its optimiser state: on the quick profile's 4-second U-Net runs, storing one per
/// epoch took 30% of each run's processor time. With the default of 60 s a run loses at most about
/// a minute of work to a crash, and short runs store none. Which epochs are stored never changes a
/// result: a run resumed from any epoch, or computed without a break, gives the same bits.
public struct CheckpointCadence: Sendable, Equatable {
    /// The least wall time between two stored checkpoints; 0 stores every epoch.
    public var minimumSeconds: TimeInterval

    /// The environment variable that sets `minimumSeconds` for a process and the children it starts.
    public static let environmentVariable = "MSDB_CHECKPOINT_SECONDS"
    /// `minimumSeconds` when the environment does not say.
    public static let defaultSeconds: TimeInterval = 60

    public init(minimumSeconds: TimeInterval) {
        precondition(minimumSeconds >= 0, "CheckpointCadence: minimumSeconds must not be negative")
        self.minimumSeconds = minimumSeconds
    }

    /// Every epoch (what tests of resuming use).
    public static let everyEpoch = CheckpointCadence(minimumSeconds: 0)

    /// `MSDB_CHECKPOINT_SECONDS` if it holds a non-negative number, else `defaultSeconds`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> CheckpointCadence
    {
        guard let text = environment[environmentVariable], let seconds = TimeInterval(text), seconds >= 0,
            seconds.isFinite
        else { return CheckpointCadence(minimumSeconds: defaultSeconds) }
        return CheckpointCadence(minimumSeconds: seconds)
    }

    /// The one-line complaint about a `MSDB_CHECKPOINT_SECONDS` that is set but not a non-negative
    /// number (which `fromEnvironment` would ignore), for the command line to refuse it.
    public static func environmentProblem(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> String?
    {
        guard let text = environment[environmentVariable] else { return nil }
        if let seconds = TimeInterval(text), seconds >= 0, seconds.isFinite { return nil }
        return "\(environmentVariable) must be a non-negative number of seconds, got '\(text)'"
    }

    /// Whether a checkpoint is due at `now`, the last one (or the attempt's start) being at `last`.
    public func isDue(since last: Date, now: Date = Date()) -> Bool {
        now.timeIntervalSince(last) >= minimumSeconds
    }
}
