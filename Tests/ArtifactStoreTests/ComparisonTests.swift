import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct ComparisonTests {
    private func curve(_ values: [Double]) -> Data {
        let x = (1...values.count).map(String.init).joined(separator: ",")
        let y = values.map { String($0) }.joined(separator: ",")
        return Data("{\"metric\":\"dice\",\"x\":[\(x)],\"x_label\":\"epoch\",\"y\":[\(y)]}".utf8)
    }

    @Test func diffNamesChangedParamsMetricDeltasSharedArtifactsAndTheFirstDivergingEpoch() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let image = try store.put(kind: .image, bytes: Data("image".utf8))
        let curveA = try store.put(kind: .curve, bytes: curve([0.5, 0.6, 0.7, 0.8]))
        let curveB = try store.put(kind: .curve, bytes: curve([0.5, 0.6, 0.65, 0.9]))
        let a = try store.record(
            FinishedRun(
                canonicalSpec: "{\"a\":1}", kind: "train", seed: 1, engineVersion: "1",
                params: ["model": .text("unet"), "lr": .number(0.05)], metrics: ["dice": 0.8],
                inputs: ["image": image], outputs: ["dice_curve": curveA]))
        let b = try store.record(
            FinishedRun(
                canonicalSpec: "{\"b\":1}", kind: "train", seed: 1, engineVersion: "1",
                params: ["model": .text("unet"), "lr": .number(0.01)], metrics: ["dice": 0.9],
                inputs: ["image": image], outputs: ["dice_curve": curveB]))
        let comparison = try store.compare(a, b)
        #expect(comparison.params.map(\.name) == ["lr"])
        #expect(comparison.params.first?.a == .number(0.05))
        #expect(comparison.params.first?.b == .number(0.01))
        let dice = try #require(comparison.metrics.first)
        #expect(abs((dice.delta ?? 0) - 0.1) < 1e-12)
        #expect(comparison.artifacts.first { $0.role == "image" }?.same == true)
        #expect(comparison.artifacts.first { $0.role == "dice_curve" }?.same == false)
        let divergence = try #require(comparison.curves.first)
        #expect(divergence.firstX == 3)
        #expect(abs(divergence.largestDifference - 0.1) < 1e-12)
        #expect(try store.compare(a, a).curves.first?.firstX == nil)
    }

    @Test func seedsGroupRepeatsAndReportWhatIsMissing() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        func spec(_ method: String, _ seed: Int, engine: String = "1") -> String {
            "{\"engine_version\":\"\(engine)\",\"kind\":\"igtt\",\"params\":{\"method\":\"\(method)\"},\"seed\":\(seed)}"
        }
        for seed in 1...3 {
            try store.record(
                FinishedRun(
                    canonicalSpec: spec("ems", seed), kind: "igtt", seed: Int64(seed), engineVersion: "1"))
        }
        try store.record(
            FinishedRun(canonicalSpec: spec("plain", 1), kind: "igtt", seed: 1, engineVersion: "1"))
        try store.record(
            FinishedRun(
                canonicalSpec: spec("plain", 1, engine: "2"), kind: "igtt", seed: 1, engineVersion: "2"))
        let audit = try store.seedAudit()
        #expect(audit.configurations.count == 2)
        let ems = try #require(audit.configurations.first { $0.key.contains("\"ems\"") })
        let plain = try #require(audit.configurations.first { $0.key.contains("\"plain\"") })
        #expect(ems.seeds == [1, 2, 3])
        #expect(ems.missingRepeats == 0)
        #expect(plain.seeds == [1])
        #expect(plain.duplicateSeeds == [1])
        #expect(plain.missingRepeats == 2)
        #expect(
            try store.seedAudit(expectedRepeats: 5).configurations.map(\.missingRepeats).sorted() == [2, 4])
    }
}
