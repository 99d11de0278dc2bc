import Foundation
import Testing

@testable import msdb

/// `LocalJobs` collects every child's whole stdout (its `--json` summary) however the child's exit
/// and its output's arrival interleave: a child that printed its summary is never counted failed.
/// (Before the fix, a summary read just before the exit could be appended after the outcome was
/// taken: about one run of this test in three lost one of its 2,000 children, and a quick
/// `reproduce --jobs 2` once reported a computed run as failed.)
@Suite struct LocalJobsTests {
    @Test func everyChildsSummaryArrivesWhole() throws {
        let children = 2000
        var pool = LocalJobs(
            arguments: { position in
                // Every child prints its summary at once and exits; one in a hundred also writes a
                // line to stderr (which the parent passes on), so both pipes are drained.
                let note = position % 100 == 0 ? "echo \"local jobs test: child \(position)\" >&2; " : ""
                return ["-c", note + "printf '{\"computed_runs\": [\"run-\(position)\"]}'"]
            }, jobs: 4)
        pool.program = URL(fileURLWithPath: "/bin/sh")
        let outcomes = try pool.run(Array(1...children))
        #expect(outcomes.map(\.position) == Array(1...children))
        let lost = outcomes.filter { $0.status != 0 || $0.summary?.computedRuns != ["run-\($0.position)"] }
        #expect(
            lost.isEmpty,
            "children whose summary was lost: \(lost.map(\.position)) \(lost.first.map(\.stdout) ?? "")")
    }
}
