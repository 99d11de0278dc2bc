public import Foundation
import GRDB

/// The answer to `Store.claim`: compute the run, wait for another process, or use the result.
public enum ClaimOutcome: Sendable {
    /// This process now owns the run. `previous` is the earlier attempt's record (a failed run, a
    /// run whose owner died, or a done run being forced), whose outputs include any checkpoints it
    /// left for resuming.
    case claimed(previous: RunRecord?)
    /// The run is recorded as done.
    case done(RunRecord)
    /// Another live process is computing it.
    case busy(owner: String)
}

/// What a claimed run is, as its row records it before it finishes.
public struct RunClaim: Sendable {
    public var id: ContentID
    public var canonicalSpec: String
    public var kind: String
    public var seed: Int64?
    public var engineVersion: String
    public var owner: RunOwner

    public init(
        id: ContentID, canonicalSpec: String, kind: String, seed: Int64?, engineVersion: String,
        owner: RunOwner
    ) {
        self.id = id
        self.canonicalSpec = canonicalSpec
        self.kind = kind
        self.seed = seed
        self.engineVersion = engineVersion
        self.owner = owner
    }
}

extension Store {
    /// A claim whose heartbeat is older than this is taken over (its process is presumed dead).
    public static let defaultStaleClaimAge: TimeInterval = 30

    /// Claims a run for `claim.owner` in one transaction, unless it is done (and not `force`d) or
    /// another process that is alive holds it. A claim is taken over when its owner is known dead
    /// (same host, pid gone) or its heartbeat is older than `staleAfter` seconds.
    public func claim(
        _ claim: RunClaim, force: Bool = false, staleAfter: TimeInterval = Store.defaultStaleClaimAge
    ) throws(StoreError) -> ClaimOutcome {
        let now = Date()
        return try write { db in
            var previous: RunRecord?
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [claim.id.hex])
            {
                var record = try RunRecord(row: row)
                try record.loadDetails(db)
                switch record.status {
                case .done where !force:
                    return .done(record)
                case .running:
                    let ownerText: String? = row["claimed_by"]
                    let heartbeat: String? = row["heartbeat_at"]
                    let owner = ownerText.flatMap(RunOwner.init(recorded:))
                    let fresh =
                        heartbeat.map { $0 > Timestamp.format(now.addingTimeInterval(-staleAfter)) } ?? false
                    if owner != claim.owner && fresh && !(owner?.isKnownDead ?? false) {
                        return .busy(owner: ownerText ?? "unknown")
                    }
                default:
                    break
                }
                previous = record
            }
            let stamp = Timestamp.format(now)
            try db.execute(
                sql: """
                    INSERT INTO runs (id, kind, spec, status, seed, engine_version, created_at, started_at,
                                      claimed_by, heartbeat_at)
                    VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        status = 'running', started_at = excluded.started_at, finished_at = NULL,
                        error = NULL, claimed_by = excluded.claimed_by, heartbeat_at = excluded.heartbeat_at
                    """,
                arguments: [
                    claim.id.hex, claim.kind, claim.canonicalSpec, claim.seed, claim.engineVersion, stamp,
                    stamp,
                    claim.owner.description, stamp,
                ])
            TestStall.reach("claim")
            return .claimed(previous: previous)
        }
    }

    /// Refreshes the claim's heartbeat; false when `owner` no longer holds the run.
    public func heartbeat(_ id: ContentID, owner: RunOwner) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql:
                    "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running' AND claimed_by = ?",
                arguments: [Timestamp.now(), id.hex, owner.description])
            TestStall.reach("heartbeat")
            return db.changesCount == 1
        }
    }

    /// Records an output of a running run as soon as it exists (an epoch's checkpoint), so a run
    /// that dies keeps it for the next attempt.
    public func attachOutput(
        _ artifact: ContentID, role: String, to id: ContentID, owner: RunOwner
    ) throws(StoreError) {
        try write { db in
            try Self.requireOwnership(id, owner: owner, in: db)
            try db.execute(
                sql: """
                    INSERT INTO lineage (run_id, direction, role, artifact_id) VALUES (?, 'output', ?, ?)
                    ON CONFLICT (run_id, direction, role) DO UPDATE SET artifact_id = excluded.artifact_id
                    """,
                arguments: [id.hex, role, artifact.hex])
            TestStall.reach("attach")
        }
    }

    /// Completes a claimed run: status, parameters, metrics and all lineage in one transaction,
    /// only while `owner` still holds the claim. The `released` blobs (intermediate checkpoints the
    /// finished run no longer lists) are deleted in the same transaction unless a run, a pin or a
    /// divergent copy still references them.
    public func complete(
        _ run: FinishedRun, owner: RunOwner, releasing released: [ContentID] = []
    ) throws(StoreError) {
        let id = run.id
        try write { db in
            try Self.requireOwnership(id, owner: owner, in: db)
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, environment = ?, finished_at = ?, wall_seconds = ?, error = ?,
                                    claimed_by = NULL, heartbeat_at = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    run.status.rawValue, run.environment, Timestamp.now(), run.wallSeconds, run.error, id.hex,
                ])
            try Self.replaceDetails(of: id, with: run, in: db)
            for artifact in released {
                try db.execute(
                    sql: """
                        DELETE FROM blobs WHERE id = ?
                          AND NOT EXISTS (SELECT 1 FROM lineage WHERE artifact_id = blobs.id)
                          AND NOT EXISTS (SELECT 1 FROM pins WHERE blob_id = blobs.id)
                          AND NOT EXISTS (SELECT 1 FROM divergent_outputs WHERE artifact_id = blobs.id)
                        """,
                    arguments: [artifact.hex])
            }
            TestStall.reach("complete")
        }
    }

    /// Marks a claimed run failed with its error; outputs attached so far (checkpoints) are kept.
    public func fail(_ id: ContentID, owner: RunOwner, error: String) throws(StoreError) {
        try write { db in
            try Self.requireOwnership(id, owner: owner, in: db)
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'failed', error = ?, finished_at = ?, claimed_by = NULL, heartbeat_at = NULL
                    WHERE id = ?
                    """,
                arguments: [error, Timestamp.now(), id.hex])
        }
    }

    /// Gives up a claim as if it had never been made: a run with no earlier record is deleted
    /// (with anything attached to it); a forced recomputation of a done run leaves `previous`
    /// as it was. For short runs whose failure means bad input, not lost work.
    public func abandon(_ id: ContentID, owner: RunOwner, previous: RunRecord?) throws(StoreError) {
        try write { db in
            try Self.requireOwnership(id, owner: owner, in: db)
            guard let previous else {
                try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id.hex])
                return
            }
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, started_at = ?, finished_at = ?, error = ?,
                                    claimed_by = NULL, heartbeat_at = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    previous.status.rawValue, previous.startedAt, previous.finishedAt, previous.error, id.hex,
                ])
            try Self.replaceDetails(
                of: id,
                with: FinishedRun(
                    canonicalSpec: previous.spec, kind: previous.kind, status: previous.status,
                    seed: previous.seed,
                    engineVersion: previous.engineVersion, environment: previous.environment,
                    params: previous.params,
                    metrics: previous.metrics, inputs: previous.inputs, outputs: previous.outputs),
                in: db)
        }
    }

    private static func requireOwnership(_ id: ContentID, owner: RunOwner, in db: Database) throws {
        let holder = try String.fetchOne(
            db, sql: "SELECT claimed_by FROM runs WHERE id = ? AND status = 'running'", arguments: [id.hex])
        guard holder == owner.description else {
            throw StoreError.claimLost(run: id.hex, holder: holder)
        }
    }
}
