import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

/// End-to-end: the built `msdb` binary, run as a user runs it.
@Suite struct CLITests {
    @Test func versionPrintsTheRelease() throws {
        let outcome = try MSDBProcess.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == MSDBVersion.current)
    }

    @Test func verifyOnANewDatabaseWorksAndReportsJSON() throws {
        let directory = try TemporaryDirectory()
        let outcome = try MSDBProcess.run(["verify", "--json"], in: directory.url)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try JSONParser.parse(outcome.stdout)
        #expect(report["blobs_checked"] == .integer(0))
        #expect(report["integrity"] == ["ok"])
        #expect(FileManager.default.fileExists(atPath: directory.path("msdb.sqlite")))
    }

    @Test func theDatabaseComesFromDbThenMSDB_DBThenTheWorkingDirectory() throws {
        let directory = try TemporaryDirectory()
        _ = try MSDBProcess.run(
            ["verify"], environment: ["MSDB_DB": directory.path("env.sqlite")], in: directory.url)
        #expect(FileManager.default.fileExists(atPath: directory.path("env.sqlite")))
        _ = try MSDBProcess.run(
            ["--db", directory.path("flag.sqlite"), "verify"],
            environment: ["MSDB_DB": directory.path("env2.sqlite")])
        #expect(FileManager.default.fileExists(atPath: directory.path("flag.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("env2.sqlite")))
        _ = try MSDBProcess.run(["gc", "--db", directory.path("after.sqlite"), "--dry-run"])
        #expect(FileManager.default.fileExists(atPath: directory.path("after.sqlite")))
    }

    @Test func aDbThatIsNotSQLiteGetsOneErrorLineAndStaysUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("image.png")
        let content = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        try content.write(to: URL(fileURLWithPath: path))
        for command in [["runs"], ["verify"], ["gc"], ["cat", "abcdef0123"]] {
            let outcome = try MSDBProcess.run(["--db", path] + command)
            #expect(outcome.status != 0)
            #expect(outcome.stderr == "error: \(path) is not an SQLite database (left untouched)\n")
            #expect(outcome.stdout.isEmpty)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
    }

    @Test func aDatabaseFromANewerMSDBIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        _ = try Store(path: path)
        try StoreFixtures.execute(
            path: path, sql: "INSERT INTO grdb_migrations (identifier) VALUES ('042_from_the_future')")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try MSDBProcess.run(["--db", path, "runs"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.contains("042_from_the_future"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func catWritesTheExactBytesByPrefixToStdoutOrAFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let bytes = StoreFixtures.bytes(count: 100_000, seed: 9)
        let id = try Store(path: path).put(kind: .checkpoint, bytes: bytes)
        let toStdout = try MSDBProcess.run(["--db", path, "cat", String(id.hex.prefix(8))])
        #expect(toStdout.status == 0)
        #expect(toStdout.stdoutData == bytes)
        let out = directory.path("weights.bin")
        let toFile = try MSDBProcess.run(["--db", path, "cat", id.hex, "--out", out])
        #expect(toFile.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == bytes)
        let info = try JSONParser.parse(try MSDBProcess.run(["--db", path, "cat", id.hex, "--json"]).stdout)
        #expect(info["kind"] == "checkpoint")
        #expect(info["raw_size"] == .integer(100_000))
    }

    @Test func catOfUnknownMalformedOrDamagedIDsFailsWithOneLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let id = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 5000, seed: 2))
        try StoreFixtures.flipStoredByte(path: path, id: id)
        let cases: [(String, String)] = [
            ("0123456789", "error: no blob with id 0123456789\n"),
            ("xyz", "error: 'xyz' is not an id: expected 8 to 64 hexadecimal characters\n"),
        ]
        for (argument, expected) in cases {
            let outcome = try MSDBProcess.run(["--db", path, "cat", argument])
            #expect(outcome.status == 1)
            #expect(outcome.stderr == expected)
        }
        let out = directory.path("never.bin")
        let damaged = try MSDBProcess.run(["--db", path, "cat", id.hex, "--out", out])
        #expect(damaged.status == 1)
        #expect(damaged.stderr.hasPrefix("error: blob \(id.hex) is damaged"))
        #expect(damaged.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func verifyNamesEachCorruptBlobAndExitsOne() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let bad = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 8000, seed: 1))
        _ = try store.put(kind: .label, bytes: StoreFixtures.bytes(count: 8000, seed: 2))
        try StoreFixtures.flipStoredByte(path: path, id: bad)
        let outcome = try MSDBProcess.run(["--db", path, "verify"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("corrupt \(bad.hex)"))
        #expect(outcome.stdout.contains("1 damaged"))
        let json = try JSONParser.parse(try MSDBProcess.run(["--db", path, "verify", "--json"]).stdout)
        #expect(json["corrupt"].flatMap { $0.arrayValue?.compactMap { $0["id"]?.stringValue } } == [bad.hex])
    }

    @Test func gcDryRunReportsAndGcDeletes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let orphan = try store.put(kind: .kde, bytes: StoreFixtures.bytes(count: 3000, seed: 4))
        let dry = try JSONParser.parse(
            try MSDBProcess.run(["--db", path, "gc", "--dry-run", "--min-age", "0", "--json"]).stdout)
        #expect(dry["blobs"] == .integer(1))
        #expect(dry["raw_bytes"] == .integer(3000))
        #expect(try store.exists(orphan))
        let recent = try MSDBProcess.run(["--db", path, "gc"])
        #expect(recent.stdout.contains("kept 1 unreachable"))
        #expect(try store.exists(orphan))
        let real = try MSDBProcess.run(["--db", path, "gc", "--min-age", "0"])
        #expect(real.status == 0)
        #expect(real.stdout.hasPrefix("deleted 1 unreachable blobs"))
        #expect(try !store.exists(orphan))
    }

    @Test func runsJSONCarriesTheContractKeys() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let label = try store.put(kind: .label, bytes: Data([0, 1]))
        let id = try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"train"}"#, kind: "train", seed: 3, engineVersion: "1",
                params: ["model": .text("unet"), "epochs": .number(2)], metrics: ["dice": 0.5],
                inputs: ["label": label]))
        let json = try JSONParser.parse(try MSDBProcess.run(["--db", path, "runs", "--json"]).stdout)
        let run = try #require(json.arrayValue?.first)
        for key in ["id", "kind", "status", "seed", "params", "metrics", "inputs", "outputs", "created_at"] {
            #expect(run[key] != nil, "missing key \(key)")
        }
        #expect(run["id"] == .string(id.hex))
        #expect(run["params"]?["model"] == "unet")
        #expect(run["params"]?["epochs"] == .integer(2))
        #expect(run["inputs"]?["label"] == .string(label.hex))
        let table = try MSDBProcess.run(["--db", path, "runs"])
        #expect(table.stdout.contains(id.short))
        #expect(table.stdout.contains("dice=0.5000"))
    }

    @Test func unknownCommandsAndOptionsAreOneErrorLine() throws {
        for arguments in [["frobnicate"], ["runs", "--colour"], ["gc", "--min-age", "-5"]] {
            let outcome = try MSDBProcess.run(arguments)
            #expect(outcome.status != 0)
            #expect(outcome.stderr.hasPrefix("error: "), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(arguments): \(outcome.stderr)")
        }
    }

    @Test func runsFilterSortLimitAndCSVWorkFromTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        var ids: [ContentID] = []
        for (index, dice) in [0.5, 0.9, 0.7].enumerated() {
            ids.append(
                try store.record(
                    FinishedRun(
                        canonicalSpec: "{\"n\":\(index)}", kind: "train", seed: Int64(index),
                        engineVersion: "1",
                        params: ["model": .text(index == 0 ? "deeplab, v3+" : "unet")],
                        metrics: ["dice": dice])))
        }
        let filtered = try MSDBProcess.run(
            ["--db", path, "runs", "--filter", "params.model = 'unet'", "--sort", "-metrics.dice", "--json"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        let listed = try JSONParser.parse(filtered.stdout).arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(listed == [ids[1].hex, ids[2].hex])
        let limited = try MSDBProcess.run([
            "--db", path, "runs", "--sort", "metrics.dice", "--limit", "1", "--json",
        ])
        #expect(try JSONParser.parse(limited.stdout).arrayValue?.count == 1)
        let csv = try MSDBProcess.run(["--db", path, "runs", "--csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,kind,status,seed,created_at,params.model,metrics.dice")
        #expect(lines.count == 4)
        #expect(lines.contains { $0.hasPrefix(ids[0].hex) && $0.hasSuffix(",\"deeplab, v3+\",0.5") })
    }

    @Test func aBadFilterIsOneErrorLineWithItsColumn() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        _ = try Store(path: path)
        let syntax = try MSDBProcess.run(["--db", path, "runs", "--filter", "status = 'done' and"])
        #expect(syntax.status == 1)
        #expect(
            syntax.stderr
                == "error: invalid filter at column 20: expected a field name at the end of the filter\n")
        let unknown = try MSDBProcess.run(["--db", path, "runs", "--filter", "colour = 'red'"])
        #expect(unknown.stderr.hasPrefix("error: invalid filter at column 1: unknown field 'colour'"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
    }

    @Test func showAndLineageDescribeARunByPrefix() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let mask = try store.put(kind: .label, bytes: Data("mask".utf8))
        let label = try store.put(kind: .label, bytes: Data("noisy".utf8))
        let run = try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"label","seed":5}"#, kind: "label", seed: 5, engineVersion: "1",
                params: ["noise": .text("rs"), "p": .number(0.1)], inputs: ["clean": mask],
                outputs: ["label": label]))
        let prefix = String(run.hex.prefix(10))
        let shown = try MSDBProcess.run(["--db", path, "show", prefix])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("p = 0.1"))
        #expect(shown.stdout.contains("label  \(label.hex)"))
        let json = try JSONParser.parse(try MSDBProcess.run(["--db", path, "show", prefix, "--json"]).stdout)
        #expect(json["id"] == .string(run.hex))
        #expect(json["spec"]?["seed"] == .integer(5))
        let dot = try MSDBProcess.run(["--db", path, "lineage", prefix, "--dot"])
        #expect(dot.stdout.hasPrefix("digraph lineage {"))
        #expect(dot.stdout.contains("\"\(mask.hex)\" -> \"\(run.hex)\" [label=\"clean\"]"))
        let fromArtifact = try JSONParser.parse(
            try MSDBProcess.run(["--db", path, "lineage", label.hex, "--json"]).stdout)
        #expect(fromArtifact["runs"]?.arrayValue?.count == 1)
        let missing = try MSDBProcess.run(["--db", path, "show", "abcdef0123"])
        #expect(missing.stderr == "error: no run with id abcdef0123\n")
    }

    @Test func diffAndSeedsReportFromTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        let a = try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"t","params":{"p":1},"seed":1}"#, kind: "t", seed: 1,
                engineVersion: "1",
                params: ["p": .number(1)], metrics: ["dice": 0.5]))
        let b = try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"t","params":{"p":2},"seed":1}"#, kind: "t", seed: 1,
                engineVersion: "1",
                params: ["p": .number(2)], metrics: ["dice": 0.75]))
        try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"t","params":{"p":2},"seed":2}"#, kind: "t", seed: 2,
                engineVersion: "1",
                params: ["p": .number(2)]))
        let diff = try JSONParser.parse(
            try MSDBProcess.run(["--db", path, "diff", a.hex, b.hex, "--json"]).stdout)
        #expect(diff["params"]?.arrayValue?.first?["name"] == "p")
        #expect(diff["metrics"]?.arrayValue?.first?["delta"] == .number(0.25))
        let seeds = try MSDBProcess.run(["--db", path, "seeds", "--json"])
        #expect(seeds.status == 1)
        let configurations = try #require(try JSONParser.parse(seeds.stdout).arrayValue)
        #expect(configurations.compactMap { $0["missing_repeats"]?.integerValue }.sorted() == [0, 1])
        #expect(try MSDBProcess.run(["--db", path, "seeds", "--repeats", "1"]).status == 0)
    }
}
