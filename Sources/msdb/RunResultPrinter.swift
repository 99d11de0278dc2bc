import ArtifactStore
import Foundation
import Jobs
import NumericCore
import Reproduction
import Runs

/// Prints the outcome of one run for `train`, `igtt` and `baseline`: the run id and a line of test
/// metrics, or with `--json` the `msdb runs --json` object plus `cached`. A forced rerun whose
/// outputs differ from the recorded ones gets a note on stderr.
enum RunResultPrinter {
    /// The test metrics a binary segmentation run prints, in order.
    static let binaryMetrics = ["dice", "iou", "accuracy", "auc"]

    /// With `metrics` nil (`msdb run`, any kind) the text form is the id alone, marked when it came
    /// from the database.
    static func print(
        _ outcome: RunOutcome, store: Store, json: Bool, metrics names: [String]? = binaryMetrics
    ) throws {
        if let same = outcome.reproducedPreviousOutputs, !same {
            CommandOutput.note(differingRerunNote(recordedThreads: outcome.previousThreadCount))
        }
        guard let record = try store.run(outcome.id) else {
            throw StoreError.notFound(what: "run", id: outcome.id.hex)
        }
        if json {
            try CommandOutput.printJSON(RunResultJSON(record: RunJSON(record), cached: outcome.cached))
            return
        }
        guard let names else {
            Swift.print(outcome.id.hex + (outcome.cached ? " (from the database)" : ""))
            return
        }
        Swift.print(outcome.id.hex)
        let metrics = names.compactMap { name in
            outcome.metrics[name].map { String(format: "%@ %.4f", name, $0) }
        }
        Swift.print("test " + metrics.joined(separator: ", ") + (outcome.cached ? " (cached)" : ""))
    }
}

extension RunResultPrinter {
    /// The note for a forced rerun whose outputs differ. Results do not depend on the BLAS thread
    /// count (`ParallelLoop`), so a difference is a reproducibility fault; when the recorded run used
    /// another thread count, the note names both, as a first lead for `msdb audit` and `msdb diff`.
    static func differingRerunNote(recordedThreads: Int?, threads: Int = BLAS.threadCount) -> String {
        let note = "note: the forced rerun gave other outputs than the recorded ones"
        guard let recordedThreads, recordedThreads != threads else { return note }
        return note + " (the recorded run used \(recordedThreads) BLAS threads, this one \(threads))"
    }
}

/// `--json` of a run command: the `msdb runs --json` object of the run plus `cached`.
struct RunResultJSON: Encodable {
    let record: RunJSON
    let cached: Bool

    enum CodingKeys: String, CodingKey {
        case cached
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cached, forKey: .cached)
    }
}
