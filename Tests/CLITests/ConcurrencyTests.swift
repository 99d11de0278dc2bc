import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Several msdb processes on one database file, as researchers run them from several terminals.
/// (That each run is computed exactly once is also shown with distinct owners in ExecutorTests.)
@Suite struct ConcurrencyTests {
    @Test func fourProcessesAskingForOneRunComputeItOnceAndAllSucceed() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("shared.sqlite")
        let mask = try PrimitiveFixtures.path("network_crop_mask.png")
        _ = try Store(path: database)  // created up front, as a user's database would be
        let outcomes = try await withThrowingTaskGroup(of: MSDBProcess.Outcome.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try MSDBProcess.run([
                        "--db", database, "kde", mask, "--bandwidth", "2", "--out",
                        directory.path("map\(index).png"),
                        "--json",
                    ])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for outcome in outcomes {
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("locked"))
        }
        let ids = Set(outcomes.compactMap { try? JSONParser.parse($0.stdout)["id"]?.stringValue })
        #expect(ids.count == 1)
        let runs = try Store(path: database).runs()
        #expect(runs.count == 1)
        #expect(runs.first?.status == .done)
        #expect(try Store(path: database).verify().isHealthy)
    }

    /// Four `reproduce --profile smoke` processes whose `--only` sets overlap pairwise: each
    /// process's `--json` lists the runs it computed and those it found recorded, so "computed
    /// exactly once" is counted, not assumed.
    @Test func fourOverlappingReproducePlansComputeEveryRunExactlyOnce() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("shared.sqlite")
        _ = try Store(path: database)
        let plans = ["fig2,fig5", "fig5,table3", "table3,table2", "table2,fig3,fig2"]
        let outcomes = try await withThrowingTaskGroup(of: (Int, MSDBProcess.Outcome).self) { group in
            for (index, only) in plans.enumerated() {
                group.addTask {
                    let outcome = try MSDBProcess.run([
                        "--db", database, "reproduce", "--profile", "smoke", "--only", only, "--threads", "1",
                        "--out", directory.path("out\(index)"), "--json",
                    ])
                    return (index, outcome)
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        var computed: [String] = []
        var planned: Set<String> = []
        for (index, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            #expect(outcome.status == 0, "process \(index): \(outcome.stderr)")
            #expect(!outcome.stderr.lowercased().contains("locked"), "process \(index): \(outcome.stderr)")
            let summary = try JSONParser.parse(outcome.stdout)
            let mine = summary["computed_runs"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let found = summary["cached_runs"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Int64(mine.count) == summary["computed"]?.integerValue)
            #expect(Int64(found.count) == summary["cached"]?.integerValue)
            computed += mine
            planned.formUnion(mine + found)
        }
        // The database started empty: every planned run was computed by one process, none twice.
        #expect(Set(computed).count == computed.count, "a run was computed twice: \(computed.sorted())")
        #expect(Set(computed) == planned)
        #expect(planned.count >= 10)
        let store = try Store(path: database)
        #expect(try store.runs().allSatisfy { $0.status == .done })
        #expect(try store.verify().isHealthy)
        // Files two plans share are byte-identical (fig2 from processes 0 and 3, table3 from 1 and 2).
        for (name, first, second) in [("fig2.csv", 0, 3), ("table3.csv", 1, 2), ("table2.csv", 2, 3)] {
            let one = try Data(contentsOf: directory.url.appending(path: "out\(first)/\(name)"))
            let other = try Data(contentsOf: directory.url.appending(path: "out\(second)/\(name)"))
            #expect(one == other, "\(name) differs between processes \(first) and \(second)")
        }
        print("concurrency: 4 processes, \(planned.count) planned runs, each computed once")
    }
}
