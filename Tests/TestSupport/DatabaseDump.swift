import Foundation
import GRDB

/// A canonical text dump of everything an msdb database holds, for comparing databases that were
/// built in different orders (merges of shards in any order must give equal dumps).
///
/// Left out, because they legitimately differ when the same content reaches a database by
/// different ways: the time stamps (`created_at`, `started_at`, `finished_at`, `merged_at`),
/// `wall_seconds`, a run's `environment` (which process computed it first) and claim columns, a
/// divergent copy's `source` path, and the `throughput` table (measurements of the machine, never
/// merged). Every other column of every table is in the dump; a table the dump does not know is
/// an error, so a new table cannot slip past the tests that use it.
public enum DatabaseDump {
    /// The tables and the columns each one contributes, in dump order.
    static let columns: [(table: String, columns: String)] = [
        ("blobs", "id, kind, raw_size, stored_size, codec, hex(bytes)"),
        ("pins", "blob_id, note"),
        ("runs", "id, kind, spec, status, seed, engine_version, error"),
        ("run_params", "run_id, name, quote(value_text), quote(value_num)"),
        ("run_metrics", "run_id, name, quote(value)"),
        ("lineage", "run_id, direction, role, artifact_id"),
        ("experiments", "name, description"),
        ("experiment_runs", "experiment, run_id"),
        ("divergent_runs", "run_id, version, environment"),
        ("divergent_outputs", "run_id, version, role, artifact_id"),
        ("divergent_metrics", "run_id, version, name, quote(value)"),
    ]

    /// Tables that are not content to compare.
    static let ignoredTables: Set<String> = ["grdb_migrations", "throughput"]

    /// Every row of every table as `table: col|col|…`, sorted within each table.
    public static func lines(path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try Set(
                String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            let unknown = tables.subtracting(columns.map(\.table)).subtracting(ignoredTables)
            guard unknown.isEmpty else {
                throw DumpError(description: "DatabaseDump does not know the tables \(unknown.sorted())")
            }
            var lines: [String] = []
            for (table, list) in columns where tables.contains(table) {
                let expression = list.split(separator: ",").map {
                    "coalesce(" + $0.trimmingCharacters(in: .whitespaces) + ", 'NULL')"
                }.joined(separator: " || '|' || ")
                lines += try String.fetchAll(db, sql: "SELECT \(expression) FROM \(table) ORDER BY 1").map {
                    "\(table): \($0)"
                }
            }
            return lines
        }
    }

    struct DumpError: Error, CustomStringConvertible {
        let description: String
    }
}
