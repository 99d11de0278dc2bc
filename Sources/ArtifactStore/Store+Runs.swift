import GRDB

extension Store {
    /// Records a finished run with its parameters, metrics and lineage in one transaction and
    /// returns its id. Every input and output artifact must already be stored. Recording a run
    /// whose id exists updates it in place (keeping its creation time and experiment memberships)
    /// and rewrites its parameters, metrics and lineage together.
    @discardableResult
    public func record(_ run: FinishedRun) throws(StoreError) -> ContentID {
        let id = run.id
        let now = Timestamp.now()
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, kind, spec, status, seed, engine_version, environment, created_at,
                                      started_at, finished_at, wall_seconds, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        status = excluded.status, environment = excluded.environment,
                        started_at = excluded.started_at, finished_at = excluded.finished_at,
                        wall_seconds = excluded.wall_seconds, error = excluded.error,
                        claimed_by = NULL, heartbeat_at = NULL
                    """,
                arguments: [
                    id.hex, run.kind, run.canonicalSpec, run.status.rawValue, run.seed, run.engineVersion,
                    run.environment, now, run.startedAt, now, run.wallSeconds, run.error,
                ])
            try Self.replaceDetails(of: id, with: run, in: db)
        }
        return id
    }

    /// Replaces a run's parameters, metrics and lineage, after checking every artifact is stored.
    static func replaceDetails(of id: ContentID, with run: FinishedRun, in db: Database) throws {
        for (direction, artifacts) in [("input", run.inputs), ("output", run.outputs)] {
            for (role, artifact) in artifacts {
                let stored =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM blobs WHERE id = ?)", arguments: [artifact.hex]
                    )
                    ?? false
                guard stored else {
                    throw StoreError.missingArtifact(id: artifact.hex, role: "\(direction) \(role)")
                }
            }
        }
        for table in ["run_params", "run_metrics", "lineage"] {
            // The table names are constants of this function, never input.
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [id.hex])
        }
        for (name, value) in run.params {
            switch value {
            case .number(let number):
                try db.execute(
                    sql: "INSERT INTO run_params (run_id, name, value_num) VALUES (?, ?, ?)",
                    arguments: [id.hex, name, number])
            case .text(let text):
                try db.execute(
                    sql: "INSERT INTO run_params (run_id, name, value_text) VALUES (?, ?, ?)",
                    arguments: [id.hex, name, text])
            }
        }
        for (name, value) in run.metrics {
            try db.execute(
                sql: "INSERT INTO run_metrics (run_id, name, value) VALUES (?, ?, ?)",
                arguments: [id.hex, name, value])
        }
        for (direction, artifacts) in [("input", run.inputs), ("output", run.outputs)] {
            for (role, artifact) in artifacts {
                try db.execute(
                    sql: "INSERT INTO lineage (run_id, direction, role, artifact_id) VALUES (?, ?, ?, ?)",
                    arguments: [id.hex, direction, role, artifact.hex])
            }
        }
    }

    /// Every run, oldest first, with parameters, metrics and lineage.
    public func runs() throws(StoreError) -> [RunRecord] {
        try runs(RunQuery())
    }

    /// The parameter and metric names some run has: what a filter or sort may name
    /// (`RunQuery(filter:sort:limit:names:)` refuses others).
    public func filterNames() throws(StoreError) -> FilterParser.KnownNames {
        try read { db in
            FilterParser.KnownNames(
                params: try Self.distinctNames(in: "run_params", db),
                metrics: try Self.distinctNames(in: "run_metrics", db))
        }
    }

    /// The runs `query` selects, in its order (default: oldest first), at most its limit of them.
    public func runs(_ query: RunQuery) throws(StoreError) -> [RunRecord] {
        try read { db in
            let join = query.sort.flatMap { FilterCompiler.sortJoin($0.field) }
            var sql: SQL =
                "SELECT r.* FROM runs r" + (join?.join ?? "") + (try Self.whereClause(of: query.filter, db))
            if let sort = query.sort {
                let key = join?.key ?? FilterCompiler.sortKey(sort.field)
                // Runs without the key come last either way.
                sql =
                    sql + " ORDER BY (" + key + ") IS NULL, " + key + (sort.descending ? " DESC" : " ASC")
                    + ", r.id"
            } else {
                sql = sql + " ORDER BY r.created_at, r.rowid"
            }
            if query.limit != nil || query.offset != nil {
                sql = sql + " LIMIT \(max(0, query.limit ?? -1)) OFFSET \(max(0, query.offset ?? 0))"
            }
            let (text, arguments) = try sql.build(db)
            var records = try Row.fetchAll(db, sql: text, arguments: arguments).map(RunRecord.init(row:))
            try Self.loadDetails(of: &records, in: db)
            return records
        }
    }

    /// How many runs `filter` selects (all of them without one): the total behind a page of
    /// `runs(_:)` with a limit and an offset.
    public func countRuns(_ filter: RunFilter?) throws(StoreError) -> Int {
        try read { db in
            let sql: SQL = "SELECT count(*) FROM runs r" + (try Self.whereClause(of: filter, db))
            let (text, arguments) = try sql.build(db)
            return try Int.fetchOne(db, sql: text, arguments: arguments) ?? 0
        }
    }

    /// ` WHERE …` for `filter`, or nothing without one.
    private static func whereClause(of filter: RunFilter?, _ db: Database) throws -> SQL {
        guard let filter else { return "" }
        var sql: SQL = " WHERE " + FilterCompiler.condition(filter)
        if let narrow = try narrowestTerm(of: filter, db) {
            // Drive the query from the few runs one term matches; the full condition above still
            // decides.
            sql = sql + " AND r.id IN (" + narrow + ")"
        }
        return sql
    }

    /// Of a filter's top-level `and` terms that test one parameter or metric, the one matching the
    /// fewest runs, if it matches fewer than `narrowTermLimit`. Counting stops at the limit, so this
    /// costs at most a short index range scan per term. Without it, a selective filter is tested
    /// run by run over the whole table; with it, SQLite starts from the short list of ids.
    private static func narrowestTerm(of filter: RunFilter, _ db: Database) throws -> SQL? {
        var best: (count: Int, ids: SQL)?
        for term in FilterCompiler.conjuncts(filter) {
            guard let ids = FilterCompiler.matchingIDs(term) else { continue }
            let counting: SQL = "SELECT count(*) FROM (" + ids + " LIMIT \(narrowTermLimit))"
            let (sql, arguments) = try counting.build(db)
            let count = try Int.fetchOne(db, sql: sql, arguments: arguments) ?? narrowTermLimit
            if count < narrowTermLimit, count < best?.count ?? Int.max { best = (count, ids) }
        }
        return best?.ids
    }

    /// A term matching fewer runs than this drives the query (see `narrowestTerm`).
    private static let narrowTermLimit = 2_000

    /// The distinct `name`s of `table` (`run_params` or `run_metrics`), read by skipping through
    /// its name index one name at a time rather than scanning every row.
    static func distinctNames(in table: String, _ db: Database) throws -> Set<String> {
        precondition(
            table == "run_params" || table == "run_metrics", "distinctNames: unexpected table \(table)")
        let sql = """
            WITH RECURSIVE names(name) AS (
                SELECT min(name) FROM \(table)
                UNION ALL
                SELECT (SELECT min(name) FROM \(table) WHERE name > names.name) FROM names WHERE name IS NOT NULL)
            SELECT name FROM names WHERE name IS NOT NULL
            """
        return Set(try String.fetchAll(db, sql: sql))
    }

    /// Runs up to this many get their details by indexed lookups per run; more, by one scan of
    /// each detail table.
    private static let detailLookupLimit = 2_000

    /// Fills parameters, metrics and lineage of many runs: per run by primary key for a few runs,
    /// else with three queries over the whole tables.
    static func loadDetails(of records: inout [RunRecord], in db: Database) throws {
        guard !records.isEmpty else { return }
        if records.count <= detailLookupLimit {
            for index in records.indices { try records[index].loadDetails(db) }
            return
        }
        var position: [String: Int] = [:]
        for (index, record) in records.enumerated() { position[record.id.hex] = index }
        for row in try ParamRow.fetchAll(
            db, sql: "SELECT run_id, name, value_text, value_num FROM run_params")
        {
            if let index = position[row.runID] { records[index].add(row) }
        }
        for row in try MetricRow.fetchAll(db, sql: "SELECT run_id, name, value FROM run_metrics") {
            if let index = position[row.runID] { records[index].add(row) }
        }
        for row in try LineageRow.fetchAll(
            db, sql: "SELECT run_id, direction, role, artifact_id FROM lineage")
        {
            if let index = position[row.runID] { records[index].add(row) }
        }
    }

    /// One run with its parameters, metrics and lineage, or nil if it is not recorded.
    public func run(_ id: ContentID) throws(StoreError) -> RunRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.hex])
            else {
                return nil
            }
            var record = try RunRecord(row: row)
            try record.loadDetails(db)
            return record
        }
    }

    /// Resolves a full run id or a prefix of 8+ hex characters.
    public func resolveRun(_ prefix: IDPrefix) throws(StoreError) -> ContentID {
        try resolve(prefix, table: "runs", what: "run")
    }

    /// Keeps a blob through `gc` although no run references it.
    public func pin(_ id: ContentID, note: String = "") throws(StoreError) {
        guard try exists(id) else { throw .notFound(what: "blob", id: id.hex) }
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO pins (blob_id, note, created_at) VALUES (?, ?, ?)",
                arguments: [id.hex, note, Timestamp.now()])
        }
    }

    /// Lets `gc` collect a pinned blob again (if no run references it).
    public func unpin(_ id: ContentID) throws(StoreError) {
        try write { db in try db.execute(sql: "DELETE FROM pins WHERE blob_id = ?", arguments: [id.hex]) }
    }
}

extension RunRecord {
    /// Fills parameters, metrics and lineage for this one run.
    mutating func loadDetails(_ db: Database) throws {
        let arguments: StatementArguments = [id.hex]
        for row in try ParamRow.fetchAll(
            db, sql: "SELECT run_id, name, value_text, value_num FROM run_params WHERE run_id = ?",
            arguments: arguments)
        {
            add(row)
        }
        for row in try MetricRow.fetchAll(
            db, sql: "SELECT run_id, name, value FROM run_metrics WHERE run_id = ?", arguments: arguments)
        {
            add(row)
        }
        for row in try LineageRow.fetchAll(
            db, sql: "SELECT run_id, direction, role, artifact_id FROM lineage WHERE run_id = ?",
            arguments: arguments)
        {
            add(row)
        }
    }

    init(row: Row) throws {
        guard let id = ContentID(hex: row["id"]) else { throw StoreError.malformedID(row["id"]) }
        let statusText: String = row["status"]
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError.database("run \(id.hex) has unknown status '\(statusText)'")
        }
        self.init(
            id: id, kind: row["kind"], status: status, seed: row["seed"],
            engineVersion: row["engine_version"],
            spec: row["spec"], environment: row["environment"], params: [:], metrics: [:], inputs: [:],
            outputs: [:],
            createdAt: row["created_at"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            wallSeconds: row["wall_seconds"], error: row["error"])
    }
}
