/// What a notebook's first cell says about where its data came from. Plain values from the caller;
/// ids and seeds are sorted and deduplicated so the notebook's bytes do not depend on their order.
public struct NotebookProvenance: Sendable, Equatable {
    public var msdbVersion: String
    /// The profile the outputs were made with (`smoke`, `quick`, `full`), or empty.
    public var profile: String
    public var runIDs: [String]
    public var artifactIDs: [String]
    public var seeds: [UInt64]
    /// The datasets behind the output, one line each such as `er: <id> (synthetic er 64×64, seed 0)`,
    /// in the caller's order; empty when not known.
    public var datasets: [String]

    public init(
        msdbVersion: String, profile: String = "", runIDs: [String], artifactIDs: [String], seeds: [UInt64],
        datasets: [String] = []
    ) {
        self.msdbVersion = msdbVersion
        self.profile = profile
        self.runIDs = Set(runIDs).sorted()
        self.artifactIDs = Set(artifactIDs).sorted()
        self.seeds = Set(seeds).sorted()
        self.datasets = datasets
    }
}
