import GRDB

/// The migrations of `schema/` (embedded at build time by the EmbedSchema plugin) as a GRDB
/// migrator. GRDB records each applied migration in `grdb_migrations`.
public enum SchemaMigrations {
    /// Migration names in order, e.g. `["001_init"]`.
    public static var names: [String] { embeddedMigrations.map(\.name) }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for migration in embeddedMigrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }()

    /// Applies the migrations up to and including `name` to the file at `path` (for tests that
    /// step through the schema's history).
    public static func migrate(path: String, upTo name: String) throws(StoreError) {
        do {
            let queue = try DatabaseQueue(path: path)
            try migrator.migrate(queue, upTo: name)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }
}
