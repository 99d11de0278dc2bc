import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb run SPEC.json`: runs one spec of any kind through the cache.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one spec file (JSON: kind, params, inputs, seed) through the cache; print its id.",
        discussion: """
            The spec is the JSON `msdb show RUN --json` prints under `spec`, or one written by hand: \
            {"kind": "train", "params": {…}, "inputs": {"dataset": ID}, "seed": 0}. Unknown kinds, \
            unknown or impossible parameters and inputs missing from the database are refused before \
            anything runs. A spec already recorded is answered from the database.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The spec file ('-' reads stdin).")
    var spec: String

    @OptionGroup var options: RunOptions

    func run() throws {
        let text: String
        if spec == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: spec) else {
                throw CLIError("cannot read the spec file '\(spec)'")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let parsed = try SpecRunner.parse(text)
        let store = try global.openStore()
        options.applyThreads()
        let progress = TrainingProgressPrinter(label: "run \(parsed.kind)")
        let outcome = try SpecRunner(store: store).run(
            parsed, force: options.force, progress: progress.report,
            waiting: { holder in progress.note("waiting for \(holder), which is computing this run") })
        progress.finish()
        try RunResultPrinter.print(outcome, store: store, json: options.json, metrics: nil)
    }
}
