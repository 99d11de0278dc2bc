import CanonicalJSON
import GRDB

/// Seeds per configuration: a configuration is a run's spec without its seed and engine version,
/// so the repeats of one experiment group together. Runs without a seed are left out.
public struct SeedAudit: Sendable, Equatable {
    public struct Configuration: Sendable, Equatable {
        /// The canonical spec without `seed` and `engine_version`.
        public let key: String
        public let kind: String
        /// Seeds of the runs that are done, ascending.
        public let seeds: [Int64]
        /// Seeds recorded by more than one run (the same experiment under several engine versions).
        public let duplicateSeeds: [Int64]
        /// Runs of this configuration, by seed.
        public let runs: [ContentID]
        /// The seed of each of `runs`.
        public let runSeeds: [Int64]
        /// How many more done seeds the configuration needs to reach the expected repeats.
        public let missingRepeats: Int
    }

    public let configurations: [Configuration]
}

extension Store {
    /// Groups runs by configuration and reports their seeds. `expectedRepeats` defaults, per kind,
    /// to the largest number of seeds any configuration of that kind has.
    public func seedAudit(expectedRepeats: Int? = nil) throws(StoreError) -> SeedAudit {
        var groups: [String: (kind: String, runs: [RunRecord])] = [:]
        // Deterministic runs (no seed) have no repeats to audit. Only the runs table is read: the
        // audit needs no parameters, metrics or lineage (on 100,000 runs, loading them was most
        // of its time).
        let seeded = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE seed IS NOT NULL ORDER BY created_at, rowid")
                .map(RunRecord.init(row:))
        }
        for run in seeded {
            guard case .object(var members) = try? JSONParser.parse(run.spec) else { continue }
            members["seed"] = nil
            members["engine_version"] = nil
            let key = JSONValue.object(members).canonicalText
            groups[key, default: (run.kind, [])].runs.append(run)
        }
        var largestPerKind: [String: Int] = [:]
        for (_, group) in groups {
            let count = Set(group.runs.filter { $0.status == .done }.compactMap(\.seed)).count
            largestPerKind[group.kind] = max(largestPerKind[group.kind] ?? 0, count)
        }
        let configurations = groups.map { key, group -> SeedAudit.Configuration in
            let ordered = group.runs.sorted { ($0.seed ?? .min) < ($1.seed ?? .min) }
            let done = group.runs.filter { $0.status == .done }
            let seeds = done.compactMap(\.seed)
            var counts: [Int64: Int] = [:]
            for seed in seeds { counts[seed, default: 0] += 1 }
            let distinct = Set(seeds).count
            let expected = expectedRepeats ?? largestPerKind[group.kind] ?? distinct
            return .init(
                key: key, kind: group.kind, seeds: Array(Set(seeds)).sorted(),
                duplicateSeeds: counts.filter { $0.value > 1 }.keys.sorted(),
                runs: ordered.map(\.id), runSeeds: ordered.map { $0.seed ?? 0 },
                missingRepeats: max(0, expected - distinct))
        }
        return SeedAudit(configurations: configurations.sorted { ($0.kind, $0.key) < ($1.kind, $1.key) })
    }
}
