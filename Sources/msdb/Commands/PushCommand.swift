import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb push`: merges this database (or the runs a filter selects) into another one.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Merge this database's done runs into another database (created if missing).",
        discussion: """
            With --filter (the language of `msdb runs --filter`), only the runs it selects go, together \
            with their whole lineage upstream: the runs that produced their inputs, recursively, back to \
            the datasets, and the blobs all of these reference; nothing more. The rules are those of \
            `msdb merge`; this database is only read.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The database to merge into.")
    var destination: String

    @Option(parsing: .unconditional, help: "Only the runs matching this expression, with their lineage.")
    var filter: String?

    @Flag(help: "Print totals and the report as JSON.")
    var json = false

    func run() throws {
        // Looked at before the destination is created, so a wrong --db leaves no empty file behind.
        guard FileManager.default.fileExists(atPath: global.databasePath) else {
            throw StoreError.cannotOpen(path: global.databasePath, reason: "no such file")
        }
        let target = try GlobalOptions.openStore(path: destination)
        try MergeRunner(target: target, targetPath: destination, json: json)
            .run(sources: [global.databasePath], filter: filter)
    }
}
