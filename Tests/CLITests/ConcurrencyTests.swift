import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Several msdb processes on one database file, as researchers run them from several terminals.
/// (That each run is computed exactly once is also shown with distinct owners in ExecutorTests.)
@Suite struct ConcurrencyTests {
    /// With `createdFirst` false the four processes also race to create the file (a process that
    /// finds another one's half-created database migrates it too, instead of refusing it).
    @Test(arguments: [true, false])
    func fourProcessesAskingForOneRunComputeItOnceAndAllSucceed(createdFirst: Bool) throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("shared.sqlite")
        let mask = try PrimitiveFixtures.path("network_crop_mask.png")
        if createdFirst { _ = try Store(path: database) }
        // Started together and waited for afterwards (blocking waits inside a task group would run
        // only as many processes at once as the concurrency pool has threads).
        let processes = try (0..<4).map { index in
            try RunningMSDB(
                [
                    "--db", database, "kde", mask, "--bandwidth", "2", "--out",
                    directory.path("map\(index).png"),
                    "--json",
                ], scratch: directory.url, label: "kde\(index)")
        }
        let outcomes = processes.map { $0.wait() }
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
    @Test func fourOverlappingReproducePlansComputeEveryRunExactlyOnce() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("shared.sqlite")
        _ = try Store(path: database)
        let plans = ["fig2,fig5", "fig5,table3", "table3,table2", "table2,fig3,fig2"]
        let processes = try plans.enumerated().map { index, only in
            try RunningMSDB(
                [
                    "--db", database, "reproduce", "--profile", "smoke", "--only", only, "--threads", "1",
                    "--out", directory.path("out\(index)"), "--json",
                ], scratch: directory.url, label: "reproduce\(index)")
        }
        let outcomes = Dictionary(uniqueKeysWithValues: processes.enumerated().map { ($0, $1.wait()) })
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
