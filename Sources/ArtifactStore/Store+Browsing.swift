import GRDB

/// A cheap fingerprint of the runs table, for viewers that follow a database while another process
/// writes to it: it changes whenever a run is added or changes status (starts, finishes, fails).
/// Reading it costs one scan of the status index and two index lookups (about 5 ms at 100,000 runs).
public struct RunsFingerprint: Sendable, Equatable, Encodable {
    public let runs: Int
    public let pending: Int
    public let running: Int
    public let done: Int
    public let failed: Int
    /// The latest `created_at` (empty without runs).
    public let lastCreated: String
    /// The largest row number: grows with every run inserted, even one that replaces another.
    public let lastRow: Int64

    enum CodingKeys: String, CodingKey {
        case runs, pending, running, done, failed
        case lastCreated = "last_created"
        case lastRow = "last_row"
    }
}

/// A run that read an output of another run: one step downstream in the lineage.
public struct DownstreamRun: Sendable, Equatable {
    public let id: ContentID
    public let kind: String
    public let status: RunStatus
    /// The roles under which it read the upstream run's outputs.
    public let roles: [String]
}

extension Store {
    /// The experiments (tags) each of `runs` belongs to, names sorted; runs without tags are absent.
    public func tags(of runs: [ContentID]) throws(StoreError) -> [ContentID: [String]] {
        guard !runs.isEmpty else { return [:] }
        return try read { db in
            var tags: [ContentID: [String]] = [:]
            let placeholders = Array(repeating: "?", count: runs.count).joined(separator: ",")
            for row in try Row.fetchAll(
                db,
                sql: "SELECT run_id, experiment FROM experiment_runs WHERE run_id IN (\(placeholders)) "
                    + "ORDER BY experiment",
                arguments: StatementArguments(runs.map(\.hex)))
            {
                if let id = ContentID(hex: row["run_id"]) { tags[id, default: []].append(row["experiment"]) }
            }
            return tags
        }
    }

    /// The runs that read an output of `run`, in id order, each with the roles it read them under.
    public func downstreamRuns(of run: ContentID) throws(StoreError) -> [DownstreamRun] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.kind, r.status, reader.role
                    FROM lineage produced
                    JOIN lineage reader ON reader.artifact_id = produced.artifact_id AND reader.direction = 'input'
                    JOIN runs r ON r.id = reader.run_id
                    WHERE produced.run_id = ? AND produced.direction = 'output' AND reader.run_id <> produced.run_id
                    ORDER BY r.id, reader.role
                    """,
                arguments: [run.hex])
            var result: [DownstreamRun] = []
            for row in rows {
                guard let id = ContentID(hex: row["id"]) else { continue }
                let role: String = row["role"]
                if let last = result.last, last.id == id {
                    if !last.roles.contains(role) {
                        result[result.count - 1] = DownstreamRun(
                            id: id, kind: last.kind, status: last.status, roles: last.roles + [role])
                    }
                    continue
                }
                let statusText: String = row["status"]
                guard let status = RunStatus(rawValue: statusText) else { continue }
                result.append(DownstreamRun(id: id, kind: row["kind"], status: status, roles: [role]))
            }
            return result
        }
    }

    /// The runs table's fingerprint.
    public func runsFingerprint() throws(StoreError) -> RunsFingerprint {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM runs GROUP BY status") {
                counts[row["status"]] = row["n"]
            }
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT coalesce((SELECT max(created_at) FROM runs), '') AS last_created,
                           coalesce((SELECT max(rowid) FROM runs), 0) AS last_row
                    """)
            return RunsFingerprint(
                runs: counts.values.reduce(0, +), pending: counts["pending"] ?? 0,
                running: counts["running"] ?? 0,
                done: counts["done"] ?? 0, failed: counts["failed"] ?? 0,
                lastCreated: row?["last_created"] ?? "",
                lastRow: row?["last_row"] ?? 0)
        }
    }
}
