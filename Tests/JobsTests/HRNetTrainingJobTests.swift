import ArtifactStore
import CanonicalJSON
import Datasets
import Foundation
import Jobs
import RandomStreams
import Runs
import TestSupport
import Testing

/// `--model hrnet` end to end: the spec records its sizes, the checkpoint round-trips, and an
/// interrupted run resumes to the uninterrupted outputs.
@Suite struct HRNetTrainingJobTests {
    static func settings() throws -> TrainingSettings {
        var settings = TrainingSettings(network: try NetworkConfiguration(architecture: "hrnet", width: 2))
        settings.schedule.epochs = 2
        settings.schedule.batch = 2
        settings.seed = 11
        return settings
    }

    struct Interrupted: Error {}

    @Test func anHRNetRunRecordsItsSizesAndResumesToTheUninterruptedOutputs() throws {
        let directory = try TemporaryDirectory()
        let reference = try Store(path: directory.path("reference.sqlite"))
        let dataset = try DatasetJob(store: reference).synthesize(TrainingJobTests.tiny).manifestID
        let uninterrupted = try TrainingJob(store: reference, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset)
        let record = try #require(try reference.run(uninterrupted.id))
        #expect(record.params["model"] == .text("hrnet"))
        #expect(record.params["width"] == .number(2))
        #expect(record.params["stem_channels"] == .number(32))

        let bytes = Array(try reference.get(try #require(uninterrupted.outputs["checkpoint"])).bytes)
        let checkpoint = try Checkpoint(canonicalBytes: bytes)
        #expect(checkpoint.architecture == "hrnet")
        #expect(checkpoint.canonicalBytes == bytes)
        #expect(checkpoint.entries.contains { $0.name == "parameter/stage4.0.fuse.3.0.2.conv.weight" })

        let store = try Store(path: directory.path("interrupted.sqlite"))
        _ = try DatasetJob(store: store).synthesize(TrainingJobTests.tiny)
        #expect(throws: Interrupted.self) {
            try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
                try Self.settings(), dataset: dataset
            ) { report in
                if report.dice != nil { throw Interrupted() }
            }
        }
        var reports: [TrainingProgress] = []
        let resumed = try TrainingJob(store: store, checkpointCadence: .everyEpoch).train(
            try Self.settings(), dataset: dataset
        ) {
            reports.append($0)
        }
        #expect(reports.allSatisfy { $0.resumedFrom == 1 })
        #expect(resumed.outputs == uninterrupted.outputs)
        #expect(resumed.metrics == uninterrupted.metrics)
    }

    @Test func hrnetRefusesADepth() {
        #expect(throws: RunError.invalidParameter(name: "depth", reason: "only a U-Net has a depth")) {
            try NetworkConfiguration(architecture: "hrnet", depth: 3)
        }
    }
}
