import Foundation
import Jobs
import Reproduction
import Runs

/// Training progress on stderr: on a terminal one line redrawn in place after every step
/// (`ProgressLine`); otherwise one plain line per epoch. Both show the epoch, the last loss, the
/// epoch's test Dice (mIoU for multi-class networks) and the estimated time left (from the epochs
/// this process has run).
final class TrainingProgressPrinter: @unchecked Sendable {
    // Touched only from the training thread.
    private let line: ProgressLine
    private let label: String
    private let started = Date()
    private var lastScore: (name: String, value: Double)?

    init(label: String) {
        self.label = label
        line = ProgressLine(label: label)
    }

    func report(_ progress: TrainingProgress) {
        if let dice = progress.dice { lastScore = ("dice", dice) }
        if let miou = progress.miou { lastScore = ("miou", miou) }
        let stepsLeft =
            (progress.epochs - progress.epoch) * progress.stepsPerEpoch + progress.stepsPerEpoch
            - progress.step
        let stepsDone = (progress.epoch - progress.resumedFrom - 1) * progress.stepsPerEpoch + progress.step
        let eta = Date().timeIntervalSince(started) / Double(max(stepsDone, 1)) * Double(stepsLeft)
        var text = "epoch \(progress.epoch)/\(progress.epochs)"
        if !progress.endsEpoch { text += " step \(progress.step)/\(progress.stepsPerEpoch)" }
        text += String(format: ", loss %.4f", progress.loss)
        if let (name, value) = lastScore { text += String(format: ", test \(name) %.4f", value) }
        text += ", eta " + Self.duration(eta)
        if CommandOutput.stderrIsTerminal {
            line.show(text, force: progress.endsEpoch)
        } else if progress.endsEpoch {
            CommandOutput.note("\(label): \(text)")
        }
    }

    /// Per-image progress of a run that works image by image (the baselines): on a terminal the
    /// line is redrawn; otherwise the last image, or every image when `everyImage`, gets a line.
    func reportImages(_ done: Int, of total: Int, everyImage: Bool) {
        if CommandOutput.stderrIsTerminal {
            line.show("image \(done)/\(total)", force: done == total)
        } else if done == total || everyImage {
            CommandOutput.note("\(label): image \(done)/\(total)")
        }
    }

    /// Says that another process is computing the run this one waits for.
    func waiting(for holder: String) {
        note("waiting for \(holder), which is computing this run")
    }

    func note(_ message: String) {
        line.finish()
        CommandOutput.note(message)
    }

    func finish() {
        line.finish()
    }

    /// `75` → `1m15s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(String(format: "%02d", whole % 60))s" }
        return "\(whole / 3600)h\(String(format: "%02d", whole / 60 % 60))m"
    }
}
