import ArtifactStore
import CanonicalJSON
import Foundation
import RandomStreams
import TestSupport
import Testing

/// End-to-end: `msdb merge`, `push` and `pull` on shards made by real commands, divergent copies in
/// `show` and `audit`, refused sources, and the network-file-system warning.
@Suite struct MergeCLITests {
    @Test func shardsMergedInRandomOrdersGiveOneContentAndMergingAgainAddsNothing() throws {
        let directory = try TemporaryDirectory()
        let shards = try MergeFixtures.shards(in: directory)
        let shardBytes = try shards.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        var random = RandomStream(seed: 17, stream: "cli-merge-order")
        var dumps: [[String]] = []
        for trial in 0..<3 {
            var order = shards
            for index in order.indices.reversed() { order.swapAt(index, random.nextInt(below: index + 1)) }
            let target = directory.path("target-\(trial).sqlite")
            let merged = try MSDBProcess.run(["--db", target, "merge"] + order + ["--json"])
            #expect(merged.status == 0, "\(merged.stderr)")
            let report = try JSONParser.parse(merged.stdout)
            // dataset 0 and 1, otsu ×2, agt, 2 trainings with 2 label runs and a label set each
            // (the seed-3 training is in two shards), 1 label from a file.
            #expect(report["runs_added"] == .integer(14))
            #expect(report["divergent"] == .integer(0))
            #expect(report["already_present"] == .integer(6))
            #expect(report["blobs_added"]?.integerValue ?? 0 > 0)
            #expect(report["bytes_added"]?.integerValue ?? 0 > 0)
            #expect(report["sources"]?.arrayValue?.count == 4)

            let again = try MSDBProcess.run(["--db", target, "merge"] + order + ["--json"])
            let second = try JSONParser.parse(again.stdout)
            #expect(second["runs_added"] == .integer(0) && second["blobs_added"] == .integer(0))
            #expect(second["bytes_added"] == .integer(0) && second["already_present"] == .integer(20))
            let verify = try MSDBProcess.run(["--db", target, "verify"])
            #expect(verify.status == 0, "\(verify.stdout)")
            dumps.append(try DatabaseDump.lines(path: target))
        }
        #expect(dumps.allSatisfy { $0 == dumps[0] })
        #expect(dumps[0].filter { $0.hasPrefix("experiment_runs: table3|") }.count == 2)
        // The sources are only read: the same bytes, and no log files left beside them.
        #expect(try shards.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == shardBytes)
        #expect(shards.allSatisfy { !FileManager.default.fileExists(atPath: $0 + "-wal") })
        #expect(shards.allSatisfy { !FileManager.default.fileExists(atPath: $0 + "-shm") })

        let blobs = try #require(
            try StoreFixtures.fetchInt(path: shards[0], sql: "SELECT count(*) FROM blobs"))
        let text = try MSDBProcess.run(["--db", directory.path("text.sqlite"), "merge", shards[0]])
        #expect(text.status == 0)
        #expect(
            text.stdout.hasPrefix(
                "merged \(shards[0]): 2 runs added, \(blobs) blobs (")
                && text.stdout.contains(" stored), 0 already present, 0 divergent, 1 tag membership in "))
    }

    @Test func pullWithAFilterBringsTheRunsAndTheirWholeLineageAndNothingMore() throws {
        let directory = try TemporaryDirectory()
        let shards = try MergeFixtures.shards(in: directory)
        let all = directory.path("all.sqlite")
        #expect(try MSDBProcess.run(["--db", all, "merge"] + shards).status == 0)
        let training = try #require(
            try StoreFixtures.strings(path: all, sql: "SELECT id FROM runs WHERE kind = 'train' AND seed = 4")
                .first)

        // What msdb lineage (its own traversal) says is upstream of the training.
        let lineage = try JSONParser.parse(
            try MSDBProcess.run(["--db", all, "lineage", training, "--json"]).stdout)
        let expectedRuns = Set(lineage["runs"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        // The training, its label set, 2 label runs, dataset 0, and dataset 1: at 32×32 both sets
        // have an empty train label, the same blob, which the label runs read.
        #expect(expectedRuns.count == 6)
        let quoted = expectedRuns.map { "'\($0)'" }.joined(separator: ",")
        let expectedBlobs = Set(
            try StoreFixtures.strings(
                path: all, sql: "SELECT DISTINCT artifact_id FROM lineage WHERE run_id IN (\(quoted))"))

        let target = directory.path("pulled.sqlite")
        let pulled = try MSDBProcess.run([
            "--db", target, "pull", all, "--filter", "kind = 'train' and seed = 4", "--json",
        ])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try JSONParser.parse(pulled.stdout)["runs_added"] == .integer(6))
        #expect(Set(try StoreFixtures.strings(path: target, sql: "SELECT id FROM runs")) == expectedRuns)
        #expect(Set(try StoreFixtures.strings(path: target, sql: "SELECT id FROM blobs")) == expectedBlobs)
        let lineageRows = "SELECT run_id || direction || role || artifact_id FROM lineage ORDER BY 1"
        #expect(
            try StoreFixtures.strings(path: target, sql: lineageRows)
                == StoreFixtures.strings(
                    path: all,
                    sql:
                        "SELECT run_id || direction || role || artifact_id FROM lineage WHERE run_id IN (\(quoted)) ORDER BY 1"
                ))

        // push is the same merge the other way: it creates the destination.
        let pushed = directory.path("sub-pushed.sqlite")
        let push = try MSDBProcess.run([
            "--db", all, "push", pushed, "--filter", "kind = 'train' and seed = 4",
        ])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(try DatabaseDump.lines(path: pushed) == DatabaseDump.lines(path: target))

        // A filter naming a parameter no run has is one error line.
        let bad = try MSDBProcess.run(["--db", target, "pull", all, "--filter", "params.nothing = 1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.split(separator: "\n").count == 1)
    }

    /// The same otsu run in two databases, one of them with another output and metric (as another
    /// machine's kernels would give): the target keeps its own, the other is a divergent copy.
    @Test func divergentOutputsAreKeptAsACopyThatShowAndAuditReport() throws {
        let directory = try TemporaryDirectory()
        let mine = directory.path("mine.sqlite")
        let theirs = directory.path("theirs.sqlite")
        let dataset = try MergeFixtures.dataset(mine, seed: 0)
        let run = try MergeFixtures.run(mine, ["baseline", "otsu", "--dataset", dataset])
        try MergeFixtures.dataset(theirs, seed: 0)
        #expect(try MergeFixtures.run(theirs, ["baseline", "otsu", "--dataset", dataset]) == run)
        let image = try #require(
            try StoreFixtures.strings(
                path: theirs, sql: "SELECT id FROM blobs WHERE kind = 'image' ORDER BY id"
            )
            .first)
        try StoreFixtures.execute(
            path: theirs,
            sql: """
                UPDATE lineage SET artifact_id = '\(image)' WHERE run_id = '\(run)' AND direction = 'output';
                UPDATE run_metrics SET value = 0.5 WHERE run_id = '\(run)' AND name = 'accuracy';
                UPDATE runs SET environment = '{"blas_core":"SkylakeX","cpu":"Other CPU"}' WHERE id = '\(run)';
                """)
        let ownOutputs = try StoreFixtures.strings(
            path: mine, sql: "SELECT role || artifact_id FROM lineage WHERE run_id = '\(run)' ORDER BY 1")

        let merged = try MSDBProcess.run(["--db", mine, "merge", theirs, "--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let report = try JSONParser.parse(merged.stdout)
        #expect(report["divergent"] == .integer(1) && report["divergent_added"] == .integer(1))
        #expect(report["divergent_runs"] == .array([.string(run)]))
        #expect(
            try StoreFixtures.strings(
                path: mine, sql: "SELECT role || artifact_id FROM lineage WHERE run_id = '\(run)' ORDER BY 1")
                == ownOutputs)

        let show = try MSDBProcess.run(["--db", mine, "show", String(run.prefix(10))])
        let line = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("divergent copy") })
        #expect(line.hasPrefix("divergent copy from \(theirs) (merged "))
        #expect(line.contains("cpu Other CPU, blas core SkylakeX"))
        #expect(line.contains("1 of 1 outputs differ (prediction/test/000)") && line.contains("accuracy"))
        let json = try JSONParser.parse(try MSDBProcess.run(["--db", mine, "show", run, "--json"]).stdout)
        #expect(json["divergent_copies"]?.arrayValue?.first?["source"] == .string(theirs))
        #expect(
            json["divergent_copies"]?.arrayValue?.first?["outputs"]?["prediction/test/000"] == .string(image))

        // Recomputing here gives this database's record; the copy is counted.
        let audit = try MSDBProcess.run(["--db", mine, "audit", run])
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
        #expect(audit.stdout.contains("\(run) baseline: identical (1 divergent copy recorded)"))
        // Where the other result is the record, the audit names the copy its recomputation matches.
        let reverse = try MSDBProcess.run(["--db", theirs, "merge", mine])
        #expect(reverse.status == 0)
        let audited = try MSDBProcess.run(["--db", theirs, "audit", run, "--json"])
        #expect(audited.status == 1)
        let finding = try JSONParser.parse(audited.stdout).arrayValue?.first
        #expect(finding?["matches_divergent_copy"] == .string(mine))
        #expect(finding?["divergent_copies"] == .integer(1))
    }

    @Test func aDamagedSourceIsRefusedWithOneErrorLineNamingTheBlobAndTheTargetUnchanged() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("source.sqlite")
        let dataset = try MergeFixtures.dataset(source, seed: 0)
        let run = try MergeFixtures.run(source, ["baseline", "otsu", "--dataset", dataset])
        let output = try #require(
            try StoreFixtures.strings(
                path: source,
                sql: "SELECT artifact_id FROM lineage WHERE run_id = '\(run)' AND direction = 'output'"
            ).first)
        try StoreFixtures.execute(
            path: source, sql: "UPDATE blobs SET bytes = zeroblob(length(bytes)) WHERE id = '\(output)'")
        let target = directory.path("target.sqlite")
        try MergeFixtures.dataset(target, seed: 5)
        let before = try DatabaseDump.lines(path: target)

        let merged = try MSDBProcess.run(["--db", target, "merge", source])
        #expect(merged.status == 1)
        #expect(merged.stderr.split(separator: "\n").count == 1)
        #expect(merged.stderr.hasPrefix("error: cannot merge \(source): its blob \(output) is damaged ("))
        #expect(merged.stderr.contains("nothing was written to the target"))
        #expect(try DatabaseDump.lines(path: target) == before)
    }

    @Test func aNewerSchemaAndAMissingFileAreOneErrorLineAndSelfMergeIsANoOp() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("future.sqlite")
        try MergeFixtures.dataset(source, seed: 0)
        try StoreFixtures.execute(
            path: source, sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_next')")
        let target = directory.path("target.sqlite")
        let newer = try MSDBProcess.run(["--db", target, "merge", source])
        #expect(newer.status == 1)
        #expect(
            newer.stderr
                == "error: \(source) has schema migrations this msdb does not know (999_next): it was written by a "
                + "newer msdb; upgrade msdb (file left untouched)\n")
        let missing = try MSDBProcess.run(["--db", target, "pull", directory.path("nowhere.sqlite")])
        #expect(
            missing.stderr
                == "error: cannot open database \(directory.path("nowhere.sqlite")): no such file\n")
        let nothing = try MSDBProcess.run([
            "--db", directory.path("nowhere.sqlite"), "push", directory.path("dest.sqlite"),
        ])
        #expect(nothing.status == 1 && nothing.stderr.hasPrefix("error: cannot open database "))
        #expect(!FileManager.default.fileExists(atPath: directory.path("dest.sqlite")))

        try MergeFixtures.dataset(target, seed: 0)
        let before = try DatabaseDump.lines(path: target)
        let itself = try MSDBProcess.run(["--db", target, "merge", target, "--json"])
        #expect(itself.status == 0)
        #expect(try JSONParser.parse(itself.stdout)["sources"]?.arrayValue?.first?["same_database"] == true)
        let text = try MSDBProcess.run(["--db", target, "push", target])
        #expect(text.stdout == "\(target) is this database itself: nothing to merge\n")
        #expect(try DatabaseDump.lines(path: target) == before)
    }

    @Test func aDatabaseOnANetworkFileSystemWarnsOnceAndALocalOneDoesNot() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("db.sqlite")
        let local = try MSDBProcess.run(["--db", database, "runs"])
        #expect(local.status == 0 && local.stderr.isEmpty)
        for (type, name) in [("0x6969", "nfs"), ("0xFF534D42", "cifs"), ("0x0BD00BD0", "lustre")] {
            let outcome = try MSDBProcess.run(
                ["--db", database, "runs"], environment: ["MSDB_TEST_FS_TYPE": type])
            #expect(outcome.status == 0)
            #expect(outcome.stdout == "no runs in \(database)\n")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(
                lines.first?.hasPrefix("warning: \(database) is on a network file system (\(name))") == true)
            #expect(lines.first?.contains("msdb merge") == true)
        }
        // A local file-system type (ext4) says nothing.
        let ext4 = try MSDBProcess.run(
            ["--db", database, "runs"], environment: ["MSDB_TEST_FS_TYPE": "0xEF53"])
        #expect(ext4.stderr.isEmpty)
    }
}
