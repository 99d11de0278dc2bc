import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb reproduce` progress on stderr: one line per dataset and per run (`[3/46] train unet … on
/// er: computed in 12s, dice 0.83` or `… from the database`), and the current run's training
/// progress redrawn in place on a terminal.
final class ReproductionProgressPrinter: @unchecked Sendable {
    // Touched only from the reproducing thread.
    private var training: TrainingProgressPrinter?

    func report(_ event: Reproduction.Event) {
        switch event {
        case .dataset(let role, let cached):
            CommandOutput.note("dataset \(role.rawValue): \(cached ? "from the database" : "synthesised")")
        case .runStarted(let index, let total, let title):
            training = TrainingProgressPrinter(label: "[\(index)/\(total)] \(title)")
        case .progress(let progress):
            training?.report(progress)
        case .waiting(let holder):
            training?.note("waiting for \(holder), which is computing this run")
        case .runFinished(let index, let total, let title, let outcome, let seconds):
            training?.finish()
            training = nil
            let metric =
                ["dice", "miou"].lazy.compactMap { name in
                    outcome.metrics[name].map { String(format: ", %@ %.4f", name, $0) }
                }.first ?? ""
            let how =
                outcome.cached
                ? "from the database" : "computed in \(TrainingProgressPrinter.duration(seconds))"
            CommandOutput.note("[\(index)/\(total)] \(title): \(how)\(metric)")
        }
    }

    func finish() {
        training?.finish()
    }
}
