internal import Runs

/// The output roles of a training or iGTT run's checkpoints.
///
/// While a run trains, each epoch attaches `checkpoint/epoch-<k>` at once, so a killed run resumes
/// from its last epoch. A finished run lists only `checkpoint` (the final state): the per-epoch
/// checkpoints are released on completion, which keeps a quick reproduction's database a fraction
/// of the size (a DeepLab checkpoint is ~8 MB and a run has one per epoch).
public enum CheckpointRoles {
    public static let final = "checkpoint"
    public static let epochPrefix = "checkpoint/epoch-"

    /// The role of the checkpoint written after `epoch` (1-based).
    static func epoch(_ epoch: Int) -> String {
        epochPrefix + String(epoch)
    }

    /// The epoch a per-epoch role names, or nil for any other role.
    public static func epoch(of role: String) -> Int? {
        guard role.hasPrefix(epochPrefix) else { return nil }
        return Int(role.dropFirst(epochPrefix.count))
    }

    /// The per-epoch roles a finished run of `epochs` epochs releases.
    static func released(epochs: Int) -> Set<String> {
        Set((0...max(0, epochs)).map(epoch))
    }
}
