import ArgumentParser
import ArtifactStore

/// `msdb pull`: merges another database (or the runs a filter selects) into this one.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Merge another database's done runs into this one.",
        discussion: """
            With --filter (the language of `msdb runs --filter`, evaluated on the source), only the runs \
            it selects come, together with their whole lineage upstream: the runs that produced their \
            inputs, recursively, back to the datasets, and the blobs all of these reference; nothing \
            more. The rules are those of `msdb merge`; the source is only read.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The database to merge from.")
    var source: String

    @Option(parsing: .unconditional, help: "Only the runs matching this expression, with their lineage.")
    var filter: String?

    @Flag(help: "Print totals and the report as JSON.")
    var json = false

    func run() throws {
        let target = try global.openStore()
        try MergeRunner(target: target, targetPath: global.databasePath, json: json)
            .run(sources: [source], filter: filter)
    }
}
