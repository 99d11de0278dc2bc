import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import NumericCore
import Reproduction
import Runs

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

            --dry-run runs nothing: it lists every planned run, whether the database holds it, and an \
            estimated time: the run's convolution multiply-adds, counted on the tape for its network and \
            image size, at this machine's training throughput (measured once with the `bench train` \
            reference U-Net at --threads and kept in the database; --recalibrate measures again), with \
            totals per output and overall.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var planOptions: PlanOptions

    @Option(help: "Directory for the report files.")
    var out = "reports"

    @Option(help: "BLAS threads for training (recorded with every run).")
    var threads = 2

    @Flag(help: "Recompute every run even if the database holds it.")
    var force = false

    @Flag(
        name: .customLong("dry-run"),
        help: "List the plan's runs, recorded or not, with estimated times; run nothing.")
    var dryRun = false

    @Flag(help: "With --dry-run: measure this machine's training throughput again (kept in the database).")
    var recalibrate = false

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard dryRun || !recalibrate else { throw ValidationError("--recalibrate applies to --dry-run") }
    }

    func run() throws {
        let plan = try planOptions.plan()
        let (profile, outputs) = (plan.profile, plan.outputs)
        if dryRun {
            let store = try global.openStore()
            let reproduction = Reproduction(
                store: store, plan: plan, choices: try planOptions.choices(store: store))
            try DryRunPrinter(json: json).print(
                estimating: reproduction, threads: threads, remeasure: recalibrate)
            return
        }
        let directory = try ReportDirectory(path: out)
        let store = try global.openStore()
        BLAS.threadCount = threads
        if profile.name == .full {
            CommandOutput.note(
                "the full profile trains \(plan.runs.count) networks at the paper's settings; expect many hours"
            )
        }
        let printer = ReproductionProgressPrinter()
        let reproduction = Reproduction(
            store: store, plan: plan, choices: try planOptions.choices(store: store))
        let (summary, datasets) = try reproduction.run(force: force, events: printer.report)
        printer.finish()
        let assembly = ResultsAssembly(store: store, plan: plan, datasets: datasets, compute: true)
        let results = try assembly.assemble()
        let files = try PaperReportFiles(results: results, plan: plan).write(to: directory)
        var report = ReproduceSummaryJSON(
            profile: profile.name.rawValue, outputs: outputs.map(\.rawValue), directory: directory.path,
            files: files, computed: summary.computed, cached: summary.cached,
            computedRuns: summary.computedRuns.map(\.hex), cachedRuns: summary.cachedRuns.map(\.hex),
            wallSeconds: summary.seconds)
        report.add(results.checks, planTimes: try assembly.planTimes())
        if json {
            try CommandOutput.printJSON(report)
        } else {
            print(
                "reproduce \(profile.name.rawValue): \(summary.computed) runs computed, \(summary.cached) from the "
                    + "database, \(TrainingProgressPrinter.duration(summary.seconds)); wrote \(files.count) files to "
                    + directory.path)
            report.printChecks()
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
    var checks: [CheckJSON] = []
    var plans: [PlanTimeJSON] = []

    /// One science check's verdict (the numbers are in `checks.csv`).
    struct CheckJSON: Encodable {
        let check: String
        let rule: String
        let holds: Bool
    }

    /// One output's own plan: long runs, how many are recorded, their summed wall seconds.
    struct PlanTimeJSON: Encodable {
        let output: String
        let runs: Int
        let recorded: Int
        let runSeconds: Double

        enum CodingKeys: String, CodingKey {
            case output, runs, recorded
            case runSeconds = "run_seconds"
        }
    }

    enum CodingKeys: String, CodingKey {
        case profile, outputs, directory, files, computed, cached, checks, plans
        case computedRuns = "computed_runs"
        case cachedRuns = "cached_runs"
        case wallSeconds = "wall_seconds"
    }

    mutating func add(_ checks: [ScienceCheck], planTimes: [PlanTime]) {
        self.checks = checks.map { CheckJSON(check: $0.name, rule: $0.rule.rawValue, holds: $0.holds) }
        plans = planTimes.map {
            PlanTimeJSON(
                output: $0.output.rawValue, runs: $0.runs, recorded: $0.recorded, runSeconds: $0.seconds)
        }
    }

    /// `checks: 12 of 18 hold (checks.csv); failing: pcl-order (sigmoid>0.5), ...`.
    func printChecks() {
        guard !checks.isEmpty else { return }
        let failing = checks.filter { !$0.holds }.map { "\($0.check) (\($0.rule))" }
        print(
            "checks: \(checks.count - failing.count) of \(checks.count) hold (checks.csv)"
                + (failing.isEmpty ? "" : "; failing: " + failing.joined(separator: ", ")))
    }
}
