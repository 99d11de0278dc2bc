import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import Reports
import Reproduction
import Runs

/// `msdb export notebooks`: one Jupyter notebook per table and figure.
struct ExportNotebooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebooks",
        abstract:
            "Write one Jupyter notebook per table and figure (provenance, the CSV, a matplotlib redraw).",
        discussion: """
            Each notebook opens with the run ids, artifact ids and seeds behind its output (read from \
            the database under the profile's plan), loads the CSV that `msdb reproduce` or \
            `msdb report` wrote into --reports with pandas, and redraws the table or figure with \
            matplotlib. The notebooks find the CSVs by a path relative to --out.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var planOptions: PlanOptions

    @Option(help: "The directory holding the report CSVs.")
    var reports = "reports"

    @Option(help: "Directory for the notebooks.")
    var out = "notebooks-export"

    func run() throws {
        let plan = try planOptions.plan()
        let (profile, outputs) = (plan.profile, plan.outputs)
        let directory = try ReportDirectory(path: out)
        let store = try global.openStore()
        let results = try Reproduction(
            store: store, plan: plan, choices: try planOptions.choices(store: store)
        ).recordedResults()
        guard results.missing.isEmpty else {
            throw CLIError(
                "\(results.missing.count) runs of the \(profile.name.rawValue) plan are not in the database; "
                    + "run `msdb reproduce --profile \(profile.name.rawValue)` first")
        }
        let reportsPath = URL(fileURLWithPath: reports).standardizedFileURL.path
        let relative = Self.relativePath(from: directory.path, to: reportsPath)
        var names: [String] = []
        for output in outputs {
            guard let kind = NotebookExport.Output(rawValue: output.rawValue) else { continue }
            let provenance = NotebookProvenance(
                msdbVersion: MSDBVersion.current, profile: profile.name.rawValue,
                runIDs: results.runIDs(of: output).map(\.hex),
                artifactIDs: results.artifactIDs(of: output).map(\.hex),
                seeds: results.seeds(of: output).map { UInt64(bitPattern: $0) },
                datasets: results.datasets(of: output).map {
                    "\($0.role): `\($0.id.hex)` (\($0.summary))"
                })
            try directory.write(
                NotebookExport.notebook(for: kind, provenance: provenance, reportsDirectory: relative),
                name: kind.fileName)
            names.append(kind.fileName)
        }
        print("wrote \(names.count) notebooks to \(directory.path) (reading CSVs from \(relative))")
    }

    /// The path of `target` relative to the directory `base` (both absolute and standardised).
    static func relativePath(from base: String, to target: String) -> String {
        let from = base.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
