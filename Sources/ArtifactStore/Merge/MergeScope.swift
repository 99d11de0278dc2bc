import GRDB

/// What a merge brings from a source, read in one snapshot of it: the done runs in scope (all of
/// them, or those a filter selects plus their upstream lineage), their divergent copies and
/// experiment memberships, the pins, and the blobs all of these reference.
struct MergeScope {
    /// An experiment a run belongs to in the source.
    struct Membership {
        let name: String
        let description: String
        let createdAt: String
    }

    /// A pinned blob of the source.
    struct Pin {
        let blob: String
        let note: String
        let createdAt: String
    }

    /// Done runs in scope, oldest first (so datasets come before the runs that read them).
    var runs: [RunRecord] = []
    /// Runs of the source in scope that are not done (not merged).
    var notDone = 0
    /// With a filter: how many runs it selected.
    var selected: Int?
    var copies: [ContentID: [DivergentCopy]] = [:]
    var memberships: [ContentID: [Membership]] = [:]
    var pins: [Pin] = []

    /// Reads the scope from the source `db`; `filter` nil means every run.
    init(_ db: Database, filter: RunFilter?) throws {
        var inScope: Set<String>?
        if let filter {
            let query: SQL = "SELECT r.id, r.status FROM runs r WHERE " + FilterCompiler.condition(filter)
            let (sql, arguments) = try query.build(db)
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            selected = rows.count
            let done = rows.filter { ($0["status"] as String) == RunStatus.done.rawValue }.map {
                $0["id"] as String
            }
            notDone = rows.count - done.count
            inScope = try Self.upstreamClosure(of: done, in: db)
        } else {
            notDone =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM runs WHERE status <> ?", arguments: ["done"])
                ?? 0
        }
        var records = try Row.fetchAll(
            db, sql: "SELECT * FROM runs WHERE status = ? ORDER BY created_at, rowid", arguments: ["done"]
        )
        .filter { row in inScope.map { $0.contains(row["id"] as String) } ?? true }
        .map(RunRecord.init(row:))
        try Store.loadDetails(of: &records, in: db)
        runs = records

        for run in runs {
            let copies = try Store.divergentCopies(of: run.id, in: db)
            if !copies.isEmpty { self.copies[run.id] = copies }
        }
        let ids = Set(runs.map(\.id.hex))
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT m.run_id, e.name, e.description, e.created_at
                FROM experiment_runs m JOIN experiments e ON e.name = m.experiment ORDER BY e.name
                """)
        {
            let runText: String = row["run_id"]
            guard ids.contains(runText), let run = ContentID(hex: runText) else { continue }
            memberships[run, default: []].append(
                Membership(name: row["name"], description: row["description"], createdAt: row["created_at"]))
        }
        // Without a filter every pin comes along; with one, only pins of blobs in the closure.
        let referenced = filter == nil ? nil : Set(blobs(withPins: false))
        pins = try Row.fetchAll(db, sql: "SELECT blob_id, note, created_at FROM pins ORDER BY blob_id")
            .map { Pin(blob: $0["blob_id"], note: $0["note"], createdAt: $0["created_at"]) }
            .filter { pin in referenced.map { $0.contains(pin.blob) } ?? true }
    }

    /// Every blob the scope references: lineage of its runs, outputs of their divergent copies and,
    /// with `withPins`, pinned blobs; sorted.
    func blobs(withPins: Bool = true) -> [String] {
        var ids: Set<String> = []
        for run in runs {
            for artifact in run.inputs.values { ids.insert(artifact.hex) }
            for artifact in run.outputs.values { ids.insert(artifact.hex) }
        }
        for copy in copies.values.joined() {
            for artifact in copy.outputs.values { ids.insert(artifact.hex) }
        }
        if withPins {
            for pin in pins { ids.insert(pin.blob) }
        }
        return ids.sorted()
    }

    /// The given runs and, recursively, every done run that produced one of their inputs.
    private static func upstreamClosure(of runs: [String], in db: Database) throws -> Set<String> {
        var closure = Set(runs)
        var queue = runs
        var seenArtifacts: Set<String> = []
        let inputs = try db.makeStatement(
            sql: "SELECT artifact_id FROM lineage WHERE run_id = ? AND direction = 'input'")
        let producers = try db.makeStatement(
            sql: """
                SELECT l.run_id FROM lineage l JOIN runs r ON r.id = l.run_id
                WHERE l.artifact_id = ? AND l.direction = 'output' AND r.status = 'done'
                """)
        while let run = queue.popLast() {
            for artifact in try String.fetchAll(inputs, arguments: [run])
            where seenArtifacts.insert(artifact).inserted {
                for producer in try String.fetchAll(producers, arguments: [artifact])
                where closure.insert(producer).inserted {
                    queue.append(producer)
                }
            }
        }
        return closure
    }
}
