/// Why the engine refused or failed a run.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside what the run accepts (checked before anything runs).
    case invalidParameter(name: String, reason: String)
    /// An output role produced twice by one run.
    case duplicateOutput(role: String)
    /// A cached run whose recorded outputs are no longer in the store (e.g. deleted by hand).
    case cachedOutputMissing(run: String, role: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "invalid \(name): \(reason)"
        case .duplicateOutput(let role): "a run produced output '\(role)' twice"
        case .cachedOutputMissing(let run, let role):
            "run \(run) is recorded but its output '\(role)' is missing from the store; rerun with --force"
        }
    }
}
