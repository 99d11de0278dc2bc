import ArtifactStore
import Foundation
import Jobs
import Reproduction

/// `msdb reproduce --dry-run`: the plan's runs with their estimated times, as a table or as JSON
/// (`runs` of `kind`, `label`, `cached`, `estimated_seconds`, `multiply_adds`, and for recorded runs
/// `run_id` and `recorded_seconds`; `estimated_seconds` for the runs not recorded;
/// `estimated_seconds_from_empty` for all; `jobs` and `estimated_wall_seconds`, the remaining time
/// shared among `--jobs` processes; `outputs`; `throughput`, one entry per workload).
struct DryRunPrinter {
    let json: Bool

    func print(estimating reproduction: Reproduction, threads: Int, jobs: Int, remeasure: Bool) throws {
        let estimate = try PlanEstimate(
            reproduction, threads: threads, remeasure: remeasure, note: { CommandOutput.note($0) })
        if json {
            try CommandOutput.printJSON(DryRunJSON(estimate, jobs: jobs))
            return
        }
        let width = String(estimate.runs.count).count
        for (index, run) in estimate.runs.enumerated() {
            let number = String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1)"
            Swift.print(
                "[\(number)] \(run.cached ? "recorded" : "to run  ") "
                    + Self.duration(run.estimatedSeconds).padding(toLength: 7, withPad: " ", startingAt: 0)
                    + run.label)
        }
        for output in estimate.outputs {
            Swift.print(
                "\(output.output.rawValue): \(output.runs) runs, \(output.cached) recorded, "
                    + "\(Self.duration(output.remainingSeconds)) to run (\(Self.duration(output.totalSeconds)) "
                    + "from an empty database)")
        }
        for (workload, throughput) in estimate.throughputs.sorted(by: { $0.key < $1.key }) {
            Swift.print(
                String(
                    format: "%7.1f GFLOP/s training, %7.1f evaluation: ", throughput.trainGFLOPs,
                    throughput.inferGFLOPs)
                    + "\(workload) (measured \(throughput.measuredAt))")
        }
        Swift.print(
            "total: \(estimate.runs.filter { !$0.cached }.count) of \(estimate.runs.count) runs to run, about "
                + "\(Self.duration(estimate.remainingSeconds)) (\(Self.duration(estimate.totalSeconds)) from an "
                + "empty database) at \(threads) thread\(threads == 1 ? "" : "s")"
                + (jobs > 1
                    ? "; about \(Self.duration(estimate.remainingSeconds / Double(jobs))) of wall time with --jobs \(jobs)"
                    : ""))
    }

    /// `42s`, `7m05s` or `3h12m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
    }
}

/// The JSON of `reproduce --dry-run`.
struct DryRunJSON: Encodable {
    struct Run: Encodable {
        let kind: String
        let label: String
        let cached: Bool
        let estimatedSeconds: Double
        let multiplyAdds: Double
        let runID: String?
        let recordedSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case kind, label, cached
            case estimatedSeconds = "estimated_seconds"
            case multiplyAdds = "multiply_adds"
            case runID = "run_id"
            case recordedSeconds = "recorded_seconds"
        }
    }

    struct Output: Encodable {
        let output: String
        let runs: Int
        let cached: Int
        let estimatedSeconds: Double
        let estimatedSecondsFromEmpty: Double

        enum CodingKeys: String, CodingKey {
            case output, runs, cached
            case estimatedSeconds = "estimated_seconds"
            case estimatedSecondsFromEmpty = "estimated_seconds_from_empty"
        }
    }

    struct Throughput: Encodable {
        let machine: String
        let threads: Int
        let workload: String
        let trainGFLOPs: Double
        let inferGFLOPs: Double
        let measuredAt: String

        enum CodingKeys: String, CodingKey {
            case machine, threads, workload
            case trainGFLOPs = "train_gflops"
            case inferGFLOPs = "infer_gflops"
            case measuredAt = "measured_at"
        }
    }

    let runs: [Run]
    let estimatedSeconds: Double
    let estimatedSecondsFromEmpty: Double
    let jobs: Int
    /// The remaining time shared evenly among the `--jobs` processes (a lower bound: the last runs
    /// may leave processes idle).
    let estimatedWallSeconds: Double
    let outputs: [Output]
    let throughput: [Throughput]

    init(_ estimate: PlanEstimate, jobs: Int) {
        runs = estimate.runs.map {
            Run(
                kind: $0.kind, label: $0.label, cached: $0.cached, estimatedSeconds: $0.estimatedSeconds,
                multiplyAdds: $0.work.training + $0.work.evaluation, runID: $0.runID?.hex,
                recordedSeconds: $0.recordedSeconds)
        }
        estimatedSeconds = estimate.remainingSeconds
        estimatedSecondsFromEmpty = estimate.totalSeconds
        self.jobs = jobs
        estimatedWallSeconds = estimate.remainingSeconds / Double(jobs)
        outputs = estimate.outputs.map {
            Output(
                output: $0.output.rawValue, runs: $0.runs, cached: $0.cached,
                estimatedSeconds: $0.remainingSeconds,
                estimatedSecondsFromEmpty: $0.totalSeconds)
        }
        throughput = estimate.throughputs.values.sorted { $0.workload < $1.workload }.map { t in
            Throughput(
                machine: t.machine, threads: t.threads, workload: t.workload, trainGFLOPs: t.trainGFLOPs,
                inferGFLOPs: t.inferGFLOPs, measuredAt: t.measuredAt)
        }
    }

    enum CodingKeys: String, CodingKey {
        case runs, outputs, throughput, jobs
        case estimatedSeconds = "estimated_seconds"
        case estimatedWallSeconds = "estimated_wall_seconds"
        case estimatedSecondsFromEmpty = "estimated_seconds_from_empty"
    }
}
