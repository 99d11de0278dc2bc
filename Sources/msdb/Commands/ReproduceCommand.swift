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

    @Option(help: "BLAS threads of each run (recorded with every run; results do not depend on it).")
    var threads = 1

    @Flag(help: "Recompute every run even if the database holds it.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Compute only these of the plan's runs and write no reports (e.g. 3 or 1-5,8).",
            discussion: "Positions are 1-based, as --dry-run and the progress lines number the runs. For "
                + "processes that share a plan's work: local jobs, Slurm array tasks.",
            valueName: "positions"))
    var entries: String?

    @Option(
        help: ArgumentHelp(
            "How many of the plan's runs to compute at once, each in its own process with --threads (default: "
                + "the number of CPUs; 1 with --entries).",
            discussion: "On the quick profile and 2 cores, --jobs 2 --threads 1 took 180 s against 341 s for "
                + "--jobs 1 --threads 2, with the same reports."))
    var jobs: Int?

    /// `--jobs`, else one process per CPU; a share given by `--entries` (a child's, a Slurm task's)
    /// computes in this process unless `--jobs` says otherwise.
    var processes: Int { jobs ?? (entries == nil ? ProcessInfo.processInfo.activeProcessorCount : 1) }

    @OptionGroup var slurm: SlurmOptions

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
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        try slurm.validate(localThreads: threads)
        if slurm.executor == .slurm {
            let local = [
                ("--entries", entries != nil), ("--jobs", jobs != nil), ("--force", force),
                ("--recalibrate", recalibrate),
            ]
            if let (name, _) = local.first(where: \.1) {
                throw ValidationError("--executor slurm does not take \(name)")
            }
        }
        guard dryRun || !recalibrate else { throw ValidationError("--recalibrate applies to --dry-run") }
    }

    func run() throws {
        let plan = try planOptions.plan()
        let (profile, outputs) = (plan.profile, plan.outputs)
        if slurm.executor == .slurm {
            try submitToSlurm(plan)
            return
        }
        if dryRun {
            let store = try global.openStore()
            let reproduction = Reproduction(
                store: store, plan: plan, choices: try planOptions.choices(store: store))
            try DryRunPrinter(json: json).print(
                estimating: reproduction, threads: threads, jobs: processes, remeasure: recalibrate)
            return
        }
        let selection = try entries.map { try PlanEntries(parsing: $0, count: plan.runs.count) }
        let directory = try selection == nil ? ReportDirectory(path: out) : nil
        let store = try global.openStore()
        BLAS.threadCount = threads
        if profile.name == .full && selection == nil {
            CommandOutput.note(
                "the full profile trains \(plan.runs.count) networks at the paper's settings; expect many hours"
            )
        }
        let printer = ReproductionProgressPrinter()
        let reproduction = Reproduction(
            store: store, plan: plan, choices: try planOptions.choices(store: store))
        var (summary, datasets): (Reproduction.Summary, [DatasetRole: DatasetOutcome])
        if processes > 1 {
            _ = try reproduction.datasets(events: printer.report)
            // Children only for the runs not recorded yet: a cached rerun starts no process.
            let recorded = force ? [] : try reproduction.recordedPositions()
            let wanted = (selection ?? PlanEntries(all: plan.runs.count)).positions
            let children = try childSummaries(wanted.filter { !recorded.contains($0) })
            // Every run is recorded now: this pass only collects the datasets and the ids.
            (summary, datasets) = try reproduction.run(entries: selection)
            summary.computedRuns = children.computed
            summary.cachedRuns = summary.cachedRuns.filter { !children.computed.contains($0) }
            (summary.computed, summary.cached) = (summary.computedRuns.count, summary.cachedRuns.count)
            summary.seconds = children.seconds
        } else {
            (summary, datasets) = try reproduction.run(
                force: force, entries: selection, events: printer.report)
        }
        printer.finish()
        guard let directory else {
            let report = ReproduceSummaryJSON(
                profile: profile.name.rawValue, outputs: outputs.map(\.rawValue), directory: nil, files: [],
                computed: summary.computed, cached: summary.cached,
                computedRuns: summary.computedRuns.map(\.hex), cachedRuns: summary.cachedRuns.map(\.hex),
                wallSeconds: summary.seconds)
            if json {
                try CommandOutput.printJSON(report)
            } else {
                print(
                    "reproduce \(profile.name.rawValue) runs \(selection?.text ?? ""): \(summary.computed) computed, "
                        + "\(summary.cached) from the database, \(TrainingProgressPrinter.duration(summary.seconds)); "
                        + "no reports (--entries)")
            }
            return
        }
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
