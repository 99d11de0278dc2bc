/// One configuration as `msdb seeds --json` prints it.
public struct SeedsJSON: Encodable, Sendable {
    public let configuration: String
    public let kind: String
    public let seeds: [Int64]
    public let duplicateSeeds: [Int64]
    public let missingRepeats: Int
    public let runs: [String]
    public let divergentRuns: [String]

    public init(_ configuration: SeedAudit.Configuration, divergent: [ContentID: Int]) {
        self.configuration = configuration.key
        kind = configuration.kind
        seeds = configuration.seeds
        duplicateSeeds = configuration.duplicateSeeds
        missingRepeats = configuration.missingRepeats
        runs = configuration.runs.map(\.hex)
        divergentRuns = configuration.runs.filter { divergent[$0] != nil }.map(\.hex)
    }

    enum CodingKeys: String, CodingKey {
        case configuration, kind, seeds, runs
        case divergentRuns = "divergent_runs"
        case duplicateSeeds = "duplicate_seeds"
        case missingRepeats = "missing_repeats"
    }
}

extension SeedAudit.Configuration {
    /// The seeds of this configuration's runs that have divergent copies, ascending.
    public func divergentSeeds(_ divergent: [ContentID: Int]) -> [Int64] {
        Array(Set(zip(runs, runSeeds).filter { divergent[$0.0] != nil }.map(\.1))).sorted()
    }
}
