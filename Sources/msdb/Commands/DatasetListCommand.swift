import ArgumentParser
import ArtifactStore
import CanonicalJSON
import Datasets
import Jobs
import Reproduction
import Runs

/// `msdb dataset list`: the datasets in the database.
struct DatasetListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the datasets in the database, oldest first."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print a JSON array of {id, run_id, name, task, source, splits, created_at}.")
    var json = false

    func run() throws {
        let listings = try DatasetCommand.reportingErrors {
            try DatasetCatalog(store: global.openStore()).list()
        }
        let rows = listings.map(DatasetListingJSON.init)
        if json {
            try CommandOutput.printJSON(rows)
            return
        }
        guard !rows.isEmpty else {
            print("no datasets in \(global.databasePath)")
            return
        }
        let header = ["ID", "NAME", "TASK", "SOURCE", "TRAIN", "VAL", "TEST", "RUN"]
        print(
            CommandOutput.table(
                [header]
                    + rows.map { row in
                        [
                            String(row.id.prefix(12)), row.name, row.task, row.source,
                            String(row.splits["train"] ?? 0), String(row.splits["val"] ?? 0),
                            String(row.splits["test"] ?? 0), String(row.runID.prefix(12)),
                        ]
                    }))
    }
}

/// One dataset as `msdb dataset list --json` prints it.
struct DatasetListingJSON: Encodable {
    let id: String
    let runID: String
    let name: String
    let task: String
    /// The generator's name, or `import`.
    let source: String
    let splits: [String: Int]
    let createdAt: String

    init(_ listing: DatasetCatalog.Listing) {
        id = listing.manifestID.hex
        runID = listing.run.id.hex
        name = listing.manifest.name
        task = listing.manifest.task
        source = listing.manifest.source["generator"]?.stringValue ?? "import"
        splits = Dictionary(
            uniqueKeysWithValues: Split.allCases.map { ($0.rawValue, listing.manifest[$0].count) })
        createdAt = listing.run.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, task, source, splits
        case runID = "run_id"
        case createdAt = "created_at"
    }
}
