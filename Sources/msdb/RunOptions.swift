import ArgumentParser
import Jobs
import NumericCore
import Reproduction
import Runs

/// The options every one-run command shares (`train`, `igtt`, `baseline`, `run`): the BLAS thread
/// count, `--force` and `--json`.
struct RunOptions: ParsableArguments {
    @Option(help: "BLAS threads (results do not depend on it; convolutions use at most 2).")
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
        } catch let error as EngineError {
            throw ValidationError(error.description)
        }
    }
}
