public import ArtifactStore
internal import CanonicalJSON
public import Jobs

/// Where the dataset behind a role of the results came from: what the reports print beside every
/// table and figure, so a reader sees which numbers are on real data and which on a synthetic
/// stand-in.
public struct DatasetProvenance: Sendable, Equatable {
    /// `er`, `mito`, `nuc`, `scenes` or `toy`.
    public var role: String
    /// The manifest's id.
    public var id: ContentID
    public var name: String
    /// Imported from files (`msdb dataset import`) rather than synthesised.
    public var imported: Bool
    /// One line: the generator, size and seed, or the layout and folder.
    public var summary: String

    public init(role: DatasetRole, outcome: DatasetOutcome) {
        self.role = role.rawValue
        id = outcome.manifestID
        let manifest = outcome.manifest
        name = manifest.name
        let source = manifest.source
        if let description = source["import"] {
            imported = true
            let layout = description["layout"]?.stringValue ?? "?"
            let path = description["path"]?.stringValue ?? "?"
            summary = "imported \(layout) folder \(path)"
        } else {
            imported = false
            let generator = source["generator"]?.stringValue ?? "?"
            let size = source["parameters"]?["image_size"]?.integerValue.map { " \($0)×\($0)" } ?? ""
            let seed = source["seed"]?.integerValue.map { ", seed \($0)" } ?? ""
            summary = "synthetic \(generator)\(size)\(seed)"
        }
    }

    /// `real` or `synthetic`, as the reports label it.
    public var origin: String { imported ? "real" : "synthetic" }
}
