/// Why the engine refused or failed a run.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside what the run accepts (checked before anything runs).
    case invalidParameter(name: String, reason: String)
    /// An output role produced twice by one run.
    case duplicateOutput(role: String)
    /// A cached run whose recorded outputs are no longer in the store (e.g. deleted by hand).
    case cachedOutputMissing(run: String, role: String)
    /// A checkpoint that cannot be read, or that belongs to another network.
    case invalidCheckpoint(reason: String)
    /// Training produced a non-finite loss.
    case diverged(epoch: Int, step: Int, loss: Float)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "invalid \(name): \(reason)"
        case .duplicateOutput(let role): "a run produced output '\(role)' twice"
        case .cachedOutputMissing(let run, let role):
            "run \(run) is recorded but its output '\(role)' is missing from the store; rerun with --force"
        case .invalidCheckpoint(let reason): "invalid checkpoint: \(reason)"
        case .diverged(let epoch, let step, let loss):
            "training diverged: loss \(loss) at epoch \(epoch), step \(step)"
        }
    }
}
