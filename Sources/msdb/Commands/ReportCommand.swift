import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb report`: the report files of `msdb reproduce`, from the database alone.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the tables and figures from the database alone, computing nothing.",
        discussion: """
            Reads the runs a profile's plan needs and writes the same files as `msdb reproduce`. \
            If runs are missing it lists them with the command that makes them and exits 1 without \
            writing anything.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var planOptions: PlanOptions

    @Option(help: "Directory for the report files.")
    var out = "reports"

    @Flag(help: "Print the summary (or the missing runs) as JSON on stdout.")
    var json = false

    func run() throws {
        let plan = try planOptions.plan()
        let (profile, outputs) = (plan.profile, plan.outputs)
        let directory = try ReportDirectory(path: out)
        let store = try global.openStore()
        let assembly = try Reproduction(
            store: store, plan: plan, choices: try planOptions.choices(store: store)
        ).recordedAssembly()
        let results = try assembly.assemble()
        let command =
            "msdb reproduce --profile \(profile.name.rawValue)"
            + (planOptions.only.map { " --only \($0)" } ?? "")
        guard results.missing.isEmpty else {
            if json {
                try CommandOutput.printJSON(MissingRunsJSON(missing: results.missing, command: command))
            } else {
                for title in results.missing { print("missing: \(title)") }
            }
            throw CLIError("\(results.missing.count) runs are not in the database; `\(command)` makes them")
        }
        let files = try PaperReportFiles(results: results, plan: plan).write(to: directory)
        var report = ReproduceSummaryJSON(
            profile: profile.name.rawValue, outputs: outputs.map(\.rawValue), directory: directory.path,
            files: files, computed: 0, cached: plan.runs.count, wallSeconds: 0)
        report.add(results.checks, planTimes: try assembly.planTimes())
        if json {
            try CommandOutput.printJSON(report)
        } else {
            print("report \(profile.name.rawValue): wrote \(files.count) files to \(directory.path)")
            report.printChecks()
        }
    }
}

/// `msdb report --json` when runs are missing.
struct MissingRunsJSON: Encodable {
    let missing: [String]
    let command: String
}
