internal import Jobs
internal import Runs

/// How long one table's or figure's own plan computes: its long runs and the sum of their recorded
/// wall times (`ResultsAssembly.planTimes`).
public struct PlanTime: Sendable, Equatable {
    public var output: PaperOutput
    /// Long runs in the output's own plan, and how many of them are recorded.
    public var runs: Int
    public var recorded: Int
    /// The recorded runs' wall seconds, summed.
    public var seconds: Double
}
