import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb runs`: lists the runs in the database.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the database, oldest first.",
        discussion: """
            A filter combines comparisons with and, or, not and parentheses:
              status = 'done' and params.model = 'unet' and (metrics.dice > 0.8 or params.noise in ['rf', 'rs'])
            Fields: id, kind, status, seed, engine_version, created_at, params.NAME, metrics.NAME. Operators: \
            = != < <= > >= in [..] like 'pattern%'. Numbers compare as numbers; text is quoted. A parameter \
            or metric that no run has is an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(parsing: .unconditional, help: "Only runs matching this expression (see above).")
    var filter: String?

    @Option(
        parsing: .unconditional, help: "Order by this field; prefix '-' for descending (e.g. -metrics.dice).")
    var sort: String?

    @Option(help: "At most this many runs.")
    var limit: Int?

    @Flag(help: "Print a JSON array of run objects.")
    var json = false

    @Flag(help: "Print CSV: one row per run, a column per parameter and metric.")
    var csv = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if json && csv { throw ValidationError("choose one of --json and --csv") }
    }

    func run() throws {
        let store = try global.openStore()
        let runs = try store.runs(
            RunQuery(filter: filter, sort: sort, limit: limit, names: store.filterNames()))
        if json {
            try CommandOutput.printJSON(runs.map(RunJSON.init))
            return
        }
        if csv {
            print(RunsCSV.text(of: runs), terminator: "")
            return
        }
        guard !runs.isEmpty else {
            print(filter == nil ? "no runs in \(global.databasePath)" : "no runs match")
            return
        }
        let header = ["ID", "KIND", "STATUS", "SEED", "CREATED", "METRICS"]
        let rows = runs.map { run in
            [
                run.id.short, run.kind, run.status.rawValue, run.seed.map(String.init) ?? "-", run.createdAt,
                run.metrics.keys.sorted().map {
                    "\($0)=\(run.metrics[$0].map { String(format: "%.4f", $0) } ?? "")"
                }
                .joined(separator: " "),
            ]
        }
        print(CommandOutput.table([header] + rows))
    }
}
