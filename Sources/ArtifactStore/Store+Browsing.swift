import GRDB

/// A cheap fingerprint of the runs table, for viewers that follow a database while another process
/// writes to it: it changes whenever a run is added, starts, finishes or fails.
public struct RunsFingerprint: Sendable, Equatable, Encodable {
    public let runs: Int
    public let running: Int
    public let done: Int
    /// The latest `finished_at` of any run (empty when none has finished).
    public let lastFinished: String
    /// The latest `created_at` of any run (empty without runs).
    public let lastCreated: String

    enum CodingKeys: String, CodingKey {
        case runs, running, done
        case lastFinished = "last_finished"
        case lastCreated = "last_created"
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

    /// The runs table's fingerprint (one aggregate query).
    public func runsFingerprint() throws(StoreError) -> RunsFingerprint {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS runs, coalesce(sum(status = 'running'), 0) AS running,
                           coalesce(sum(status = 'done'), 0) AS done,
                           coalesce(max(finished_at), '') AS last_finished,
                           coalesce(max(created_at), '') AS last_created
                    FROM runs
                    """)
            return RunsFingerprint(
                runs: row?["runs"] ?? 0, running: row?["running"] ?? 0, done: row?["done"] ?? 0,
                lastFinished: row?["last_finished"] ?? "", lastCreated: row?["last_created"] ?? "")
        }
    }
}
