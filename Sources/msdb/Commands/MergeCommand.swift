import ArgumentParser
import ArtifactStore

/// `msdb merge`: brings other databases' results into this one (e.g. per-task shards).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Bring the done runs, blobs, tags and pins of other msdb databases into this one.",
        discussion: """
            Typical use: each task of a cluster job writes its own database on local disk (a shard), and \
            the shards are merged afterwards. Only done runs are merged, each with its parameters, metrics, \
            lineage and blobs; the sources are never changed (one written by an older msdb is read through \
            a migrated scratch copy). Every blob copied is first re-hashed against its id: a source with a \
            damaged blob is refused and nothing of it is written. Each run is one transaction, blobs \
            before the rows that point to them, so a merge killed at any moment leaves a consistent \
            database and running it again finishes the job; merging again adds nothing.

            A done run is never overwritten: when a source holds the same run done with other outputs or \
            metrics (another machine's BLAS kernels), this database keeps its result and the source's is \
            recorded as a divergent copy, shown by `msdb show`. A done run does replace a failed or \
            pending one, or one whose claiming process is dead.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The databases to merge from, in order.")
    var sources: [String]

    @Flag(help: "Print totals and a report per source as JSON.")
    var json = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("name at least one database to merge from") }
    }

    func run() throws {
        let target = try global.openStore()
        try MergeRunner(target: target, targetPath: global.databasePath, json: json).run(sources: sources)
    }
}
