/// Why msdb refused or failed a run. Refusals (everything up to `unsuitableDataset`) happen before
/// anything is recorded; the others arise while a run computes or is read back.
public enum RunError: Error, Equatable, CustomStringConvertible {
    /// Text that is not a spec: not a JSON object, a field a spec does not have, an unknown kind, a
    /// malformed seed, or a spec written for another engine version.
    case invalidSpec(field: String, reason: String)
    /// A parameter the run needs that the spec or the options leave out.
    case missingParameter(name: String)
    /// A parameter that runs of `kind` do not have.
    case unknownParameter(name: String, kind: RunKind)
    /// A parameter value outside what the run accepts.
    case invalidParameter(name: String, reason: String)
    /// An input that is missing, extra, absent from the database, or an artifact of the wrong kind
    /// (`name` is the input's role, e.g. `inputs.clean`).
    case invalidInput(name: String, reason: String)
    /// A dataset the run cannot use: the wrong task, too few images, sizes the network cannot take.
    case unsuitableDataset(reason: String)
    /// An output role produced twice by one run.
    case duplicateOutput(role: String)
    /// A cached run whose recorded outputs are no longer in the store (e.g. deleted by hand).
    case cachedOutputMissing(run: String, role: String)
    /// A checkpoint that cannot be read, or that belongs to another network.
    case invalidCheckpoint(reason: String)
    /// Training produced a non-finite loss.
    case diverged(epoch: Int, step: Int, loss: Float)

    /// The spec field, parameter or input a refusal names (nil for the other cases).
    public var subject: String? {
        switch self {
        case .invalidSpec(let name, _), .missingParameter(let name), .unknownParameter(let name, _),
            .invalidParameter(let name, _), .invalidInput(let name, _):
            name
        case .unsuitableDataset: "dataset"
        case .duplicateOutput, .cachedOutputMissing, .invalidCheckpoint, .diverged: nil
        }
    }

    public var description: String {
        switch self {
        case .invalidSpec(let name, let reason), .invalidParameter(let name, let reason),
            .invalidInput(let name, let reason):
            "invalid \(name): \(reason)"
        case .missingParameter(let name): "invalid \(name): missing"
        case .unknownParameter(let name, let kind): "invalid \(name): not a parameter of \(kind) runs"
        case .unsuitableDataset(let reason): "invalid dataset: \(reason)"
        case .duplicateOutput(let role): "a run produced output '\(role)' twice"
        case .cachedOutputMissing(let run, let role):
            "run \(run) is recorded but its output '\(role)' is missing from the store; rerun with --force"
        case .invalidCheckpoint(let reason): "invalid checkpoint: \(reason)"
        case .diverged(let epoch, let step, let loss):
            "training diverged: loss \(loss) at epoch \(epoch), step \(step)"
        }
    }
}
