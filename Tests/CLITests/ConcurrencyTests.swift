import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Several msdb processes on one database file, as researchers run them from several terminals.
/// (That each run is computed exactly once is shown with distinct owners in ExecutorTests.)
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
}
