import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// Shard databases made with real msdb commands, as tasks of a cluster job would make them: each
/// synthesises the datasets it needs (the same spec gives the same run in every shard) and runs a
/// few cheap runs on them.
enum MergeFixtures {
    /// Runs msdb on `database` and returns the `--json` output's `id`.
    @discardableResult
    static func run(_ database: String, _ arguments: [String]) throws -> String {
        let outcome = try MSDBProcess.run(["--db", database] + arguments + ["--json"])
        try #require(outcome.status == 0, "msdb \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return try #require(try JSONParser.parse(outcome.stdout)["id"]?.stringValue)
    }

    /// A 32×32 ER-like set (2 train, 1 test images) of the given seed; its manifest id.
    @discardableResult
    static func dataset(_ database: String, seed: Int) throws -> String {
        try run(
            database,
            [
                "dataset", "synth", "--kind", "er", "--size", "32", "--train", "2", "--val", "0", "--test",
                "1",
                "--seed", "\(seed)",
            ])
    }

    /// A one-epoch width-2 U-Net on RF-noisy labels: label runs, a label set, then the training.
    @discardableResult
    static func train(_ database: String, dataset: String, seed: Int) throws -> String {
        try run(
            database,
            [
                "train", "--dataset", dataset, "--width", "2", "--depth", "2", "--epochs", "1", "--batch",
                "2",
                "--labels", "rf", "--p", "0.3", "--seed", "\(seed)",
            ])
    }

    /// Four shards with overlapping and distinct runs, tags in two of them:
    /// 0: dataset 0, otsu on it (tagged `table3`); 1: dataset 0, AGT (tagged `table3`), training seed 3;
    /// 2: dataset 1, otsu on it, RS noise on a mask file; 3: dataset 0, trainings seeds 3 and 4.
    static func shards(in directory: TemporaryDirectory) throws -> [String] {
        let paths = (0..<4).map { directory.path("shard-\($0).sqlite") }
        let zero = try dataset(paths[0], seed: 0)
        let otsu = try run(paths[0], ["baseline", "otsu", "--dataset", zero])
        try tag(paths[0], "table3", otsu)

        try dataset(paths[1], seed: 0)
        let agt = try run(paths[1], ["baseline", "agt", "--dataset", zero])
        try tag(paths[1], "table3", agt)
        try train(paths[1], dataset: zero, seed: 3)

        let one = try dataset(paths[2], seed: 1)
        try run(paths[2], ["baseline", "otsu", "--dataset", one])
        let mask = try LabelCLITests.writeMask(in: directory)
        try run(paths[2], ["label", "rs", mask, "--p", "0.1", "--seed", "3"])

        try dataset(paths[3], seed: 0)
        try train(paths[3], dataset: zero, seed: 3)
        try train(paths[3], dataset: zero, seed: 4)
        return paths
    }

    static func tag(_ database: String, _ name: String, _ run: String) throws {
        let outcome = try MSDBProcess.run(["--db", database, "tag", "add", name, run])
        try #require(outcome.status == 0, "\(outcome.stderr)")
    }
}
