import ArtifactStore
import Datasets
import Jobs
import Reproduction
import Runs

/// What `msdb dataset synth` and `msdb dataset import` print; with `--json` the keys are `id` (the
/// manifest), `run_id`, `cached`, `name`, `task`, `splits` (counts) and `metrics`.
struct DatasetResultJSON: Encodable {
    let id: String
    let runID: String
    let cached: Bool
    let name: String
    let task: String
    let splits: [String: Int]
    let metrics: [String: Double]

    init(_ outcome: DatasetOutcome) {
        id = outcome.manifestID.hex
        runID = outcome.run.id.hex
        cached = outcome.run.cached
        name = outcome.manifest.name
        task = outcome.manifest.task
        splits = Dictionary(
            uniqueKeysWithValues: Split.allCases.map { ($0.rawValue, outcome.manifest[$0].count) })
        metrics = outcome.run.metrics
    }

    enum CodingKeys: String, CodingKey {
        case id, cached, name, task, splits, metrics
        case runID = "run_id"
    }

    /// Prints JSON, or for people the id on the first line and a summary after it.
    func print(json: Bool) throws {
        if json {
            try CommandOutput.printJSON(self)
            return
        }
        Swift.print(id)
        let counts = Split.allCases.map { "\($0.rawValue) \(splits[$0.rawValue] ?? 0)" }.joined(
            separator: ", ")
        Swift.print("\(name) (\(task)): \(counts); run \(runID.prefix(12))\(cached ? " (cached)" : "")")
    }
}
