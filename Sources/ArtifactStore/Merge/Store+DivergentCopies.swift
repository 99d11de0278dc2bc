import CanonicalJSON
import GRDB

/// Another database's result for a run that this store holds done with a different result, kept
/// by `msdb merge` instead of overwriting either (schema 004).
public struct DivergentCopy: Sendable, Equatable {
    public let run: ContentID
    /// The SHA-256 of the copy's outputs and metrics (`RunResultVersion`).
    public let version: String
    /// The database the copy was first merged from (an absolute path).
    public let source: String
    /// The copy's environment (canonical JSON): which CPU and BLAS core computed it.
    public let environment: String
    public let outputs: [String: ContentID]
    public let metrics: [String: Double]
    public let finishedAt: String?
    public let wallSeconds: Double?
    public let mergedAt: String
}

/// The identity of a run's result: the SHA-256 of the canonical JSON
/// `{"metrics": {name: bit pattern}, "outputs": {role: artifact id}}`, where a metric's bit
/// pattern is its IEEE double as 16 lowercase hex digits. Two results with the same version have
/// the same output artifacts and bit-identical metrics; the bit patterns keep the text total (a
/// non-finite metric has no canonical JSON number) and exact.
enum RunResultVersion {
    static func of(outputs: [String: ContentID], metrics: [String: Double]) -> String {
        let value = JSONValue.object([
            "metrics": .object(
                metrics.mapValues { value in
                    let bits = String(value.bitPattern, radix: 16)
                    return .string(String(repeating: "0", count: 16 - bits.count) + bits)
                }),
            "outputs": .object(outputs.mapValues { .string($0.hex) }),
        ])
        return ContentID.sha256Hex(of: value.canonicalBytes)
    }
}

extension Store {
    /// The divergent copies of a run, oldest merge first.
    public func divergentCopies(of run: ContentID) throws(StoreError) -> [DivergentCopy] {
        try read { db in try Self.divergentCopies(of: run, in: db) }
    }

    /// How many divergent copies each run has; runs without any are absent.
    public func divergentCopyCounts() throws(StoreError) -> [ContentID: Int] {
        try read { db in
            var counts: [ContentID: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT run_id, count(*) AS copies FROM divergent_runs GROUP BY run_id")
            {
                if let id = ContentID(hex: row["run_id"]) { counts[id] = row["copies"] }
            }
            return counts
        }
    }

    /// Reads the divergent copies of `run` from `db` (the store's, or a merge source's).
    static func divergentCopies(of run: ContentID, in db: Database) throws -> [DivergentCopy] {
        let arguments: StatementArguments = [run.hex]
        var outputs: [String: [String: ContentID]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT version, role, artifact_id FROM divergent_outputs WHERE run_id = ?",
            arguments: arguments)
        {
            guard let artifact = ContentID(hex: row["artifact_id"]) else {
                throw StoreError.malformedID(row["artifact_id"])
            }
            outputs[row["version"], default: [:]][row["role"]] = artifact
        }
        var metrics: [String: [String: Double]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT version, name, value FROM divergent_metrics WHERE run_id = ?",
            arguments: arguments)
        {
            metrics[row["version"], default: [:]][row["name"]] = row["value"]
        }
        return try Row.fetchAll(
            db, sql: "SELECT * FROM divergent_runs WHERE run_id = ? ORDER BY merged_at, version",
            arguments: arguments
        ).map { row in
            let version: String = row["version"]
            return DivergentCopy(
                run: run, version: version, source: row["source"], environment: row["environment"],
                outputs: outputs[version] ?? [:], metrics: metrics[version] ?? [:],
                finishedAt: row["finished_at"], wallSeconds: row["wall_seconds"], mergedAt: row["merged_at"])
        }
    }
}
