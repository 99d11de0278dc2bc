internal import ArtifactStore
internal import Datasets
public import Jobs
internal import Runs

/// Which recorded datasets stand in for the synthetic sets of a plan (`--dataset nuc=ID`): any of
/// ER, MITO and NUC (Table 3, and ER for Figures 2, 4 and 5) and the scenes (Table 2, Figure 3).
/// Roles without a choice keep the profile's synthetic stand-in.
public struct DatasetChoices: Sendable {
    /// The chosen datasets, each checked for the role it plays.
    public private(set) var chosen: [DatasetRole: DatasetOutcome] = [:]

    /// The roles a recorded dataset may fill. Figure 6's toy shape is drawn, not measured.
    public static let replaceableRoles: [DatasetRole] = [.er, .mito, .nuc, .scenes]

    /// Synthetic sets for every role.
    public init() {}

    /// Reads `role=ID` texts (ID as `msdb dataset stats` takes it) and checks each dataset against
    /// its role: ER, MITO and NUC need a binary set, the scenes a multi-class one, and each needs
    /// training and test samples.
    public init(parsing texts: [String], catalog: DatasetCatalog) throws {
        for text in texts {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = DatasetRole(rawValue: parts[0]),
                Self.replaceableRoles.contains(role), !parts[1].isEmpty
            else {
                throw RunError.invalidParameter(
                    name: "dataset",
                    reason: "'\(text)' is not ROLE=ID with ROLE one of "
                        + Self.replaceableRoles.map(\.rawValue).joined(separator: ", "))
            }
            guard chosen[role] == nil else {
                throw RunError.invalidParameter(name: "dataset", reason: "\(role.rawValue) is chosen twice")
            }
            let outcome = try catalog.outcome(parts[1])
            try Self.check(outcome, for: role)
            chosen[role] = outcome
        }
    }

    /// The dataset chosen for `role`, or nil for the synthetic one.
    public subscript(role: DatasetRole) -> DatasetOutcome? { chosen[role] }

    /// Refuses a dataset that cannot play `role`.
    static func check(_ outcome: DatasetOutcome, for role: DatasetRole) throws(RunError) {
        let manifest = outcome.manifest
        let wanted = role == .scenes ? "multiclass" : "binary"
        let name = "\(manifest.name) (\(outcome.manifestID.hex.prefix(12)))"
        guard manifest.task == wanted else {
            throw .unsuitableDataset(
                reason: "\(role.rawValue) needs a \(wanted) dataset; \(name) is \(manifest.task)")
        }
        for split in [Split.train, .test] where manifest[split].isEmpty {
            throw .unsuitableDataset(
                reason: "\(role.rawValue) trains on the train split and scores the test split; \(name) has "
                    + "no \(split.rawValue) samples")
        }
    }
}
