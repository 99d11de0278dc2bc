import Foundation
import GRDB

extension Store {
    /// Brings into this store every done run of the database at `sourcePath` that it lacks, with
    /// the run's parameters, metrics, lineage, experiment memberships and divergent copies, the
    /// blobs these reference, and the source's pins. With `filter` (the `msdb runs --filter`
    /// language), only the runs it selects and, recursively, the done runs that produced their
    /// inputs (back to the datasets).
    ///
    /// - The source is never changed: it is read in one snapshot through a read-only connection,
    ///   or, if an older msdb wrote it, through a migrated scratch copy. A newer schema is refused.
    /// - Before anything is written, every blob to be copied is inflated and re-hashed against its
    ///   id; one damaged blob refuses the source (`StoreError.damagedSource`) and nothing is written.
    /// - Then each run is one transaction that writes its missing blobs first and its rows after
    ///   them, so a process killed at any point leaves the target at a run boundary: consistent,
    ///   with everything it held before, and a second merge finishes the job. Pins come last.
    /// - A done run is never overwritten. The same run done on both sides with other outputs or
    ///   metrics stays as the target has it; the source's result is recorded as a divergent copy.
    ///   A done run replaces a target row that is failed, pending, or running under a dead claim
    ///   (the rule `claim` uses); a run a live process is computing in the target is left alone.
    /// - Merging again adds nothing; merging a file into itself does nothing.
    public func merge(
        from sourcePath: String, filter: String? = nil,
        progress: (MergeProgress) -> Void = { _ in }
    ) throws(StoreError) -> MergeReport {
        let started = Date()
        var report = MergeReport(source: sourcePath)
        if MergeSource.isSameFile(sourcePath, path) {
            report.sameDatabase = true
            return report
        }
        let source = try MergeSource(path: sourcePath)
        defer { source.close() }
        report.sourceMigrated = source.migratedCopy
        let parsedFilter = try filter.flatMap { text throws(StoreError) in try Self.parse(text, for: source) }
        try Self.wrappingErrors(path: path) {
            try source.reader.read { sourceDB in
                let scope = try MergeScope(sourceDB, filter: parsedFilter)
                report.runsSelected = scope.selected
                report.notDone = scope.notDone
                let checked = try checkBlobs(
                    of: scope, in: sourceDB, source: source, report: &report, progress: progress)
                for (index, run) in scope.runs.enumerated() {
                    let part = try mergeRun(
                        run, scope: scope, from: sourceDB, source: source, checked: checked)
                    report.absorb(part)
                    progress(MergeProgress(phase: .merging, done: index + 1, total: scope.runs.count))
                }
                report.absorb(try mergePins(scope.pins, from: sourceDB, source: source, checked: checked))
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Parses a filter against the parameter and metric names of the source's runs.
    private static func parse(_ text: String, for source: MergeSource) throws(StoreError) -> RunFilter? {
        let names = try wrappingErrors(path: source.path) {
            try source.reader.read { db in
                FilterParser.KnownNames(
                    params: try distinctNames(in: "run_params", db),
                    metrics: try distinctNames(in: "run_metrics", db))
            }
        }
        do {
            return try RunQuery(filter: text, names: names).filter
        } catch {
            throw .invalidFilter(error)
        }
    }

    /// Re-hashes every blob of the scope that the target lacks; refuses the source on any damage.
    /// Returns the ids checked.
    private func checkBlobs(
        of scope: MergeScope, in sourceDB: Database, source: MergeSource, report: inout MergeReport,
        progress: (MergeProgress) -> Void
    ) throws -> Set<String> {
        let missing = try read { db in
            let statement = try db.makeStatement(sql: "SELECT EXISTS (SELECT 1 FROM blobs WHERE id = ?)")
            return try scope.blobs().filter { try !(Bool.fetchOne(statement, arguments: [$0]) ?? false) }
        }
        let damaged = try MergeBlobs.check(missing, in: sourceDB) { done, total in
            progress(MergeProgress(phase: .checking, done: done, total: total))
        }
        report.blobsChecked = missing.count
        if let first = damaged.first {
            throw StoreError.damagedSource(
                path: source.path, blob: first.id, reason: first.reason, more: damaged.count - 1,
                nothingWritten: true)
        }
        return Set(missing)
    }

    /// What the target holds for a run, decided inside the run's transaction.
    private enum Decision {
        case add, replace, same, divergent, busy
    }

    /// Merges one done source run in one transaction; returns what it added.
    private func mergeRun(
        _ run: RunRecord, scope: MergeScope, from sourceDB: Database, source: MergeSource,
        checked: Set<String>
    ) throws -> MergeReport {
        let incoming = RunResultVersion.of(outputs: run.outputs, metrics: run.metrics)
        return try write { db in
            var part = MergeReport(source: source.path)
            let (decision, targetVersion) = try Self.decide(run.id, incomingVersion: incoming, in: db)
            var primary = targetVersion
            switch decision {
            case .add, .replace:
                for artifact in Set(run.inputs.values).union(run.outputs.values) {
                    try part.copyBlob(
                        artifact.hex, from: sourceDB, into: db, checked: checked, source: source)
                }
                try Self.writeRun(run, from: sourceDB, into: db)
                part.runsAdded = 1
                part.runsReplaced = decision == .replace ? 1 : 0
                primary = incoming
            case .same:
                part.alreadyPresent = 1
            case .divergent:
                part.divergent = 1
                part.divergentRuns = [run.id.hex]
                let copy = DivergentCopy(
                    run: run.id, version: incoming, source: source.absolutePath, environment: run.environment,
                    outputs: run.outputs, metrics: run.metrics, finishedAt: run.finishedAt,
                    wallSeconds: run.wallSeconds, mergedAt: Timestamp.now())
                try part.recordCopy(copy, from: sourceDB, into: db, checked: checked, source: source)
            case .busy:
                part.busy = 1
            }
            // The source's own divergent copies of the run travel with it (each keeps its origin).
            if decision != .busy {
                for copy in scope.copies[run.id] ?? [] {
                    let version = RunResultVersion.of(outputs: copy.outputs, metrics: copy.metrics)
                    guard version != primary else { continue }
                    try part.recordCopy(
                        copy.withVersion(version), from: sourceDB, into: db, checked: checked, source: source)
                }
            }
            for membership in scope.memberships[run.id] ?? [] {
                try db.execute(
                    sql: """
                        INSERT INTO experiments (name, description, created_at) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET description = excluded.description
                            WHERE experiments.description = '' AND excluded.description <> ''
                        """,
                    arguments: [membership.name, membership.description, membership.createdAt])
                try db.execute(
                    sql: "INSERT OR IGNORE INTO experiment_runs (experiment, run_id) VALUES (?, ?)",
                    arguments: [membership.name, run.id.hex])
                part.tagsAdded += db.changesCount
            }
            TestStall.reach("merge.run")
            return part
        }
    }

    /// How the target's row of `run` meets a done incoming result, and the version of the target's
    /// result when it is done.
    private static func decide(
        _ run: ContentID, incomingVersion: String, in db: Database
    ) throws -> (Decision, String?) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [run.hex])
        else {
            return (.add, nil)
        }
        var record = try RunRecord(row: row)
        switch record.status {
        case .done:
            try record.loadDetails(db)
            let version = RunResultVersion.of(outputs: record.outputs, metrics: record.metrics)
            return (version == incomingVersion ? .same : .divergent, version)
        case .running:
            let owner = (row["claimed_by"] as String?).flatMap(RunOwner.init(recorded:))
            let heartbeat: String? = row["heartbeat_at"]
            let cutoff = Timestamp.format(Date().addingTimeInterval(-defaultStaleClaimAge))
            let fresh = heartbeat.map { $0 > cutoff } ?? false
            return (fresh && !(owner?.isKnownDead ?? false) ? .busy : .replace, nil)
        case .failed, .pending:
            return (.replace, nil)
        }
    }

    /// Writes a done run's row and its parameters, metrics and lineage as the source has them
    /// (a replaced row keeps the target's creation time and memberships).
    private static func writeRun(_ run: RunRecord, from sourceDB: Database, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO runs (id, kind, spec, status, seed, engine_version, environment, created_at,
                                  started_at, finished_at, wall_seconds, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    status = excluded.status, seed = excluded.seed, engine_version = excluded.engine_version,
                    environment = excluded.environment, started_at = excluded.started_at,
                    finished_at = excluded.finished_at, wall_seconds = excluded.wall_seconds,
                    error = excluded.error, claimed_by = NULL, heartbeat_at = NULL
                """,
            arguments: [
                run.id.hex, run.kind, run.spec, run.status.rawValue, run.seed, run.engineVersion,
                run.environment,
                run.createdAt, run.startedAt, run.finishedAt, run.wallSeconds, run.error,
            ])
        for table in ["run_params", "run_metrics", "lineage"] {
            // The table names are constants of this function, never input.
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [run.id.hex])
        }
        // Parameters as stored (text or number), so nothing is converted on the way.
        for row in try Row.fetchAll(
            sourceDB, sql: "SELECT name, value_text, value_num FROM run_params WHERE run_id = ?",
            arguments: [run.id.hex])
        {
            try db.execute(
                sql: "INSERT INTO run_params (run_id, name, value_text, value_num) VALUES (?, ?, ?, ?)",
                arguments: [run.id.hex, row["name"], row["value_text"], row["value_num"]])
        }
        for (name, value) in run.metrics {
            try db.execute(
                sql: "INSERT INTO run_metrics (run_id, name, value) VALUES (?, ?, ?)",
                arguments: [run.id.hex, name, value])
        }
        for (direction, artifacts) in [("input", run.inputs), ("output", run.outputs)] {
            for (role, artifact) in artifacts {
                try db.execute(
                    sql: "INSERT INTO lineage (run_id, direction, role, artifact_id) VALUES (?, ?, ?, ?)",
                    arguments: [run.id.hex, direction, role, artifact.hex])
            }
        }
    }

    /// Copies the scope's pins (and their blobs) in one transaction.
    private func mergePins(
        _ pins: [MergeScope.Pin], from sourceDB: Database, source: MergeSource, checked: Set<String>
    ) throws -> MergeReport {
        guard !pins.isEmpty else { return MergeReport(source: source.path) }
        return try write { db in
            var part = MergeReport(source: source.path)
            for pin in pins {
                try part.copyBlob(pin.blob, from: sourceDB, into: db, checked: checked, source: source)
                try db.execute(
                    sql: "INSERT OR IGNORE INTO pins (blob_id, note, created_at) VALUES (?, ?, ?)",
                    arguments: [pin.blob, pin.note, pin.createdAt])
                part.pinsAdded += db.changesCount
            }
            return part
        }
    }

    /// Runs `body`, wording any failure as a `StoreError` about `path`.
    private static func wrappingErrors<T>(path: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }
}

extension MergeReport {
    /// Adds the counts of one transaction's part.
    mutating func absorb(_ part: MergeReport) {
        runsAdded += part.runsAdded
        runsReplaced += part.runsReplaced
        alreadyPresent += part.alreadyPresent
        divergent += part.divergent
        divergentAdded += part.divergentAdded
        divergentRuns += part.divergentRuns
        busy += part.busy
        blobsAdded += part.blobsAdded
        bytesAdded += part.bytesAdded
        rawBytesAdded += part.rawBytesAdded
        tagsAdded += part.tagsAdded
        pinsAdded += part.pinsAdded
    }

    /// Copies one blob and counts it; a damaged one refuses the source.
    mutating func copyBlob(
        _ id: String, from sourceDB: Database, into db: Database, checked: Set<String>, source: MergeSource
    ) throws {
        do {
            guard let added = try MergeBlobs.copy(id, from: sourceDB, into: db, checked: checked) else {
                return
            }
            blobsAdded += 1
            bytesAdded += added.stored
            rawBytesAdded += added.raw
        } catch let damage as MergeBlobs.Damage {
            throw StoreError.damagedSource(
                path: source.path, blob: damage.id, reason: damage.reason, more: 0, nothingWritten: false)
        }
    }

    /// Records a divergent copy (its blobs first) unless the target already has that version.
    mutating func recordCopy(
        _ copy: DivergentCopy, from sourceDB: Database, into db: Database, checked: Set<String>,
        source: MergeSource
    ) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO divergent_runs
                    (run_id, version, source, environment, finished_at, wall_seconds, merged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                copy.run.hex, copy.version, copy.source, copy.environment, copy.finishedAt, copy.wallSeconds,
                copy.mergedAt,
            ])
        guard db.changesCount == 1 else { return }
        divergentAdded += 1
        for (role, artifact) in copy.outputs {
            try copyBlob(artifact.hex, from: sourceDB, into: db, checked: checked, source: source)
            try db.execute(
                sql: "INSERT INTO divergent_outputs (run_id, version, role, artifact_id) VALUES (?, ?, ?, ?)",
                arguments: [copy.run.hex, copy.version, role, artifact.hex])
        }
        for (name, value) in copy.metrics {
            try db.execute(
                sql: "INSERT INTO divergent_metrics (run_id, version, name, value) VALUES (?, ?, ?, ?)",
                arguments: [copy.run.hex, copy.version, name, value])
        }
    }
}

extension DivergentCopy {
    /// The copy under a recomputed version (a source's recorded version is not trusted).
    func withVersion(_ version: String) -> DivergentCopy {
        DivergentCopy(
            run: run, version: version, source: source, environment: environment, outputs: outputs,
            metrics: metrics, finishedAt: finishedAt, wallSeconds: wallSeconds, mergedAt: mergedAt)
    }
}
