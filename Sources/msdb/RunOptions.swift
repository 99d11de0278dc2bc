import ArgumentParser
import ArtifactStore
import Jobs
import NumericCore
import Reproduction
import Runs

/// The options every one-run command shares (`train`, `igtt`, `baseline`, `run`): the BLAS thread
/// count, `--force` and `--json`.
struct RunOptions: ParsableArguments {
    @Option(help: "BLAS threads (results do not depend on it).")
    var threads = 1

    @Flag(
        help: "Recompute even if the database holds this run (and report whether the outputs are the same).")
    var force = false

    @Flag(help: "Print the run record as JSON.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// Sets the process's BLAS thread count to `--threads`, before the run computes anything.
    func applyThreads() {
        BLAS.threadCount = threads
    }

    /// Checks the settings a command's options describe, so that a bad value is refused as a usage
    /// error before anything runs.
    static func validateSettings<Settings>(_ settings: () throws -> Settings) throws {
        do {
            _ = try settings()
        } catch let error as RunError {
            throw ValidationError(error.description)
        }
    }
}

extension RunOptions {
    /// What every one-run command does once its settings are checked: opens the database, resolves
    /// `dataset`, sets the thread count, computes the run (`compute` gets the store, the dataset's
    /// manifest id and the progress printer labelled `label`) and prints the outcome with `metrics`.
    func run(
        on dataset: DatasetOption, global: GlobalOptions, label: String,
        metrics: [String]? = RunResultPrinter.binaryMetrics,
        _ compute: (Store, ContentID, TrainingProgressPrinter) throws -> RunOutcome
    ) throws {
        let store = try global.openStore()
        let (datasetID, _) = try DatasetCatalog(store: store).resolve(dataset.dataset)
        applyThreads()
        let progress = TrainingProgressPrinter(label: label)
        let outcome = try compute(store, datasetID, progress)
        progress.finish()
        try RunResultPrinter.print(outcome, store: store, json: json, metrics: metrics)
    }
}

/// The dataset a one-run command works on.
struct DatasetOption: ParsableArguments {
    @Option(help: "The dataset: its manifest id, the id of the run that made it, or a unique prefix.")
    var dataset: String
}

/// A one-run command whose options describe the run's settings; a bad value is refused as a usage
/// error before anything runs.
protocol SettingsCommand: ParsableCommand {
    associatedtype Settings
    /// The settings the options describe; throws for a bad value.
    func settings() throws -> Settings
}

extension SettingsCommand {
    func validate() throws {
        try RunOptions.validateSettings(settings)
    }
}
