import Reproduction

/// `msdb reproduce --json` (and `msdb report --json`). `computed_runs` and `cached_runs` (reproduce
/// only) are the ids of the planned runs this process computed and found recorded (waited-for runs
/// count as recorded), so the work of several processes sharing one database can be added up.
struct ReproduceSummaryJSON: Encodable {
    let profile: String
    let outputs: [String]
    /// The report directory; absent when `--entries` wrote no reports.
    let directory: String?
    let files: [String]
    let computed: Int
    let cached: Int
    var computedRuns: [String]? = nil
    var cachedRuns: [String]? = nil
    let wallSeconds: Double
    var checks: [CheckJSON] = []
    var plans: [PlanTimeJSON] = []

    /// One science check's verdict (the numbers are in `checks.csv`).
    struct CheckJSON: Encodable {
        let check: String
        let rule: String
        let holds: Bool
    }

    /// One output's own plan: long runs, how many are recorded, their summed wall seconds.
    struct PlanTimeJSON: Encodable {
        let output: String
        let runs: Int
        let recorded: Int
        let runSeconds: Double

        enum CodingKeys: String, CodingKey {
            case output, runs, recorded
            case runSeconds = "run_seconds"
        }
    }

    enum CodingKeys: String, CodingKey {
        case profile, outputs, directory, files, computed, cached, checks, plans
        case computedRuns = "computed_runs"
        case cachedRuns = "cached_runs"
        case wallSeconds = "wall_seconds"
    }

    mutating func add(_ checks: [ScienceCheck], planTimes: [PlanTime]) {
        self.checks = checks.map { CheckJSON(check: $0.name, rule: $0.rule.rawValue, holds: $0.holds) }
        plans = planTimes.map {
            PlanTimeJSON(
                output: $0.output.rawValue, runs: $0.runs, recorded: $0.recorded, runSeconds: $0.seconds)
        }
    }

    /// `checks: 12 of 18 hold (checks.csv); failing: pcl-order (sigmoid>0.5), ...`.
    func printChecks() {
        guard !checks.isEmpty else { return }
        let failing = checks.filter { !$0.holds }.map { "\($0.check) (\($0.rule))" }
        print(
            "checks: \(checks.count - failing.count) of \(checks.count) hold (checks.csv)"
                + (failing.isEmpty ? "" : "; failing: " + failing.joined(separator: ", ")))
    }
}
