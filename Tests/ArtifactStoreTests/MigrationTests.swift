import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct MigrationTests {
    /// The tables each migration must have created, by migration name.
    static let tablesAfter: [String: Set<String>] = [
        "001_init": [
            "blobs", "pins", "runs", "run_params", "run_metrics", "lineage", "experiments", "experiment_runs",
        ],
        // Adds an index only.
        "002_runs_by_created": [],
        "003_throughput": ["throughput"],
        "004_divergent_runs": ["divergent_runs", "divergent_outputs", "divergent_metrics"],
    ]

    @Test func everyMigrationStepAppliesInOrderAndIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("steps.sqlite")
        var expectedTables: Set<String> = []
        #expect(!SchemaMigrations.names.isEmpty)
        for (index, name) in SchemaMigrations.names.enumerated() {
            try SchemaMigrations.migrate(path: path, upTo: name)
            let applied = try StoreFixtures.strings(path: path, sql: "SELECT identifier FROM grdb_migrations")
            #expect(applied == Array(SchemaMigrations.names[...index]))
            expectedTables.formUnion(
                try #require(Self.tablesAfter[name], "no table list for migration \(name)"))
            let tables = try Set(
                StoreFixtures.strings(
                    path: path,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            #expect(expectedTables.isSubset(of: tables), "after \(name): \(tables)")
        }
        // Opening the fully stepped file as a store applies nothing more and works.
        let store = try Store(path: path)
        #expect(try store.appliedMigrations() == SchemaMigrations.names)
        _ = try store.put(kind: .label, bytes: Data([1, 2, 3]))
    }

    @Test func aNewStoreHasEveryMigrationApplied() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("new.sqlite"))
        #expect(try store.appliedMigrations() == SchemaMigrations.names)
    }

    @Test func reopeningAStoreKeepsItsContent() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("reopen.sqlite")
        let id = try Store(path: path).put(kind: .curve, bytes: Data("0.5 0.6".utf8))
        let reopened = try Store(path: path)
        #expect(try reopened.get(id).bytes == Data("0.5 0.6".utf8))
    }

    @Test func aSchemaFromANewerMSDBIsRefusedAndTheFileLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("future.sqlite")
        _ = try Store(path: path).put(kind: .label, bytes: Data([9]))
        try StoreFixtures.execute(
            path: path, sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_future')")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.schemaTooNew(path: path, unknownMigrations: ["999_future"])) {
            try Store(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.txt")
        let content = Data("these are my notes, not a database\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try Store(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aForeignSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try StoreFixtures.execute(
            path: path, sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi')")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAnMSDBDatabase(path: path)) { try Store(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Found by the crash campaign: a kill during the first open left GRDB's migration table,
    /// committed on its own, with no migration applied, and every later command refused the file.
    @Test func aDatabaseWhoseCreationWasInterruptedAfterTheMigrationTableIsMigrated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("interrupted.sqlite")
        try StoreFixtures.execute(
            path: path, sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let store = try Store(path: path)
        #expect(try store.appliedMigrations() == SchemaMigrations.names)
        #expect(try store.verify().isHealthy)
    }

    @Test func aForeignDatabaseWithAnEmptyMigrationTableBesideItsTablesIsStillRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        try StoreFixtures.execute(
            path: path,
            sql:
                "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); CREATE TABLE notes (text TEXT)"
        )
        #expect(throws: StoreError.notAnMSDBDatabase(path: path)) { try Store(path: path) }
    }

    @Test func aDatabaseInAMissingDirectoryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing/sub/db.sqlite")
        #expect(
            throws: StoreError.cannotOpen(
                path: path, reason: "directory \(directory.path("missing/sub")) does not exist")
        ) {
            try Store(path: path)
        }
    }

    @Test func aDirectoryIsNotADatabase() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: StoreError.cannotOpen(path: directory.url.path, reason: "it is a directory")) {
            try Store(path: directory.url.path)
        }
    }
}
