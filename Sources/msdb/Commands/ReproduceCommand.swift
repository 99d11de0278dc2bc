import ArgumentParser
import ArtifactStore
import Engine
import Foundation
import NumericCore

/// `msdb reproduce`: the main job. Plans the runs behind the chosen tables and figures, runs
/// what the database does not hold yet, and writes the report files.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Rebuild the paper's tables and figures: run what is missing, write CSV, SVG and HTML.",
        discussion: """
            Plans every run the chosen outputs need under the profile (smoke: seconds, for tests; \
            quick: the default, minutes; full: the paper's settings, hours), runs what the database \
            does not hold (a run already recorded is looked up, never recomputed), then writes into \
            --out: table2.csv, table3.csv, figN.svg and figN.csv for figures 2–6, and index.html. \
            Progress goes to stderr; a summary (runs computed, runs from the database, wall time) \
            ends it.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var planOptions: PlanOptions

    @Option(help: "Directory for the report files.")
    var out = "reports"

    @Option(help: "BLAS threads for training (recorded with every run).")
    var threads = 2

    @Flag(help: "Recompute every run even if the database holds it.")
    var force = false

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let plan = try planOptions.plan()
        let (profile, outputs) = (plan.profile, plan.outputs)
        let directory = try ReportDirectory(path: out)
        let store = try global.openStore()
        BLAS.threadCount = threads
        if profile.name == .full {
            CommandOutput.note(
                "the full profile trains \(plan.runs.count) networks at the paper's settings; expect many hours"
            )
        }
        let printer = ReproductionProgressPrinter()
        let reproduction = Reproduction(store: store, plan: plan)
        let (summary, datasets) = try reproduction.run(force: force, events: printer.report)
        printer.finish()
        let results = try ResultsAssembly(store: store, plan: plan, datasets: datasets, compute: true)
            .assemble()
        let files = try PaperReportFiles(results: results, plan: plan).write(to: directory)
        let report = ReproduceSummaryJSON(
            profile: profile.name.rawValue, outputs: outputs.map(\.rawValue), directory: directory.path,
            files: files, computed: summary.computed, cached: summary.cached,
            computedRuns: summary.computedRuns.map(\.hex), cachedRuns: summary.cachedRuns.map(\.hex),
            wallSeconds: summary.seconds)
        if json {
            try CommandOutput.printJSON(report)
        } else {
            print(
                "reproduce \(profile.name.rawValue): \(summary.computed) runs computed, \(summary.cached) from the "
                    + "database, \(TrainingProgressPrinter.duration(summary.seconds)); wrote \(files.count) files to "
                    + directory.path)
        }
    }
}

/// `msdb reproduce --json` (and `msdb report --json`). `computed_runs` and `cached_runs` (reproduce
/// only) are the ids of the planned runs this process computed and found recorded (waited-for runs
/// count as recorded), so the work of several processes sharing one database can be added up.
struct ReproduceSummaryJSON: Encodable {
    let profile: String
    let outputs: [String]
    let directory: String
    let files: [String]
    let computed: Int
    let cached: Int
    var computedRuns: [String]? = nil
    var cachedRuns: [String]? = nil
    let wallSeconds: Double

    enum CodingKeys: String, CodingKey {
        case profile, outputs, directory, files, computed, cached
        case computedRuns = "computed_runs"
        case cachedRuns = "cached_runs"
        case wallSeconds = "wall_seconds"
    }
}
