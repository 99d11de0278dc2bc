import GRDB

/// A named group of runs (a tag such as `table3-er`).
public struct Experiment: Sendable, Equatable {
    public let name: String
    public let description: String
    public let createdAt: String
    public let runs: [ContentID]
}

extension Store {
    /// Adds runs to the experiment `name`, creating it if needed (a new description replaces an
    /// empty one). Every run must exist; all are added or none.
    public func tag(_ runs: [ContentID], as name: String, description: String = "") throws(StoreError) {
        guard !name.isEmpty, name.count <= 100, !name.contains(where: \.isNewline) else {
            throw .malformedTag(name)
        }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO experiments (name, description, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET description = excluded.description
                        WHERE experiments.description = '' AND excluded.description <> ''
                    """,
                arguments: [name, description, Timestamp.now()])
            for run in runs {
                guard
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.hex])
                        ?? false
                else { throw StoreError.notFound(what: "run", id: run.hex) }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO experiment_runs (experiment, run_id) VALUES (?, ?)",
                    arguments: [name, run.hex])
            }
        }
    }

    /// Removes runs from an experiment (the runs themselves stay); the experiment goes when empty.
    public func untag(_ runs: [ContentID], from name: String) throws(StoreError) {
        try write { db in
            for run in runs {
                try db.execute(
                    sql: "DELETE FROM experiment_runs WHERE experiment = ? AND run_id = ?",
                    arguments: [name, run.hex])
            }
            try db.execute(
                sql: """
                    DELETE FROM experiments WHERE name = ?
                      AND NOT EXISTS (SELECT 1 FROM experiment_runs WHERE experiment = ?)
                    """,
                arguments: [name, name])
        }
    }

    /// Every experiment with its runs, by name.
    public func experiments() throws(StoreError) -> [Experiment] {
        try read { db in
            var members: [String: [ContentID]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT experiment, run_id FROM experiment_runs ORDER BY run_id")
            {
                if let id = ContentID(hex: row["run_id"]) {
                    members[row["experiment"], default: []].append(id)
                }
            }
            return try Row.fetchAll(
                db, sql: "SELECT name, description, created_at FROM experiments ORDER BY name"
            ).map {
                Experiment(
                    name: $0["name"], description: $0["description"], createdAt: $0["created_at"],
                    runs: members[$0["name"]] ?? [])
            }
        }
    }
}
