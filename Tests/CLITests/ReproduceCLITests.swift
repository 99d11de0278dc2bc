import CanonicalJSON
import Foundation
import Reproduction
import TestSupport
import Testing

/// End-to-end: `msdb reproduce --profile smoke`, `msdb report` and their bad input, through the
/// built binary.
@Suite(.serialized) struct ReproduceCLITests {
    static let files = [
        "table2.csv", "table3.csv", "checks.csv", "fig2.csv", "fig2.svg", "fig3.csv", "fig3.svg", "fig4.csv",
        "fig4.svg",
        "fig5.csv", "fig5.svg", "fig6.csv", "fig6.svg", "index.html",
    ]

    @Test func smokeReproduceWritesEveryOutputRecomputesNothingTheSecondTimeAndReportMatches() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let first = try MSDBProcess.run([
            "--db", db, "reproduce", "--profile", "smoke", "--out", directory.path("a"), "--json",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try JSONParser.parse(first.stdout)
        #expect((summary["computed"]?.integerValue ?? 0) > 0)
        let written = try DirectoryContents.read(directory.path("a"))
        for name in Self.files { #expect(written[name] != nil, "missing \(name)") }

        let second = try MSDBProcess.run([
            "--db", db, "reproduce", "--profile", "smoke", "--out", directory.path("b"), "--json",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try JSONParser.parse(second.stdout)["computed"] == 0)
        #expect(
            try DirectoryContents.read(directory.path("b")) == written, "the same database gave other bytes")

        let report = try MSDBProcess.run([
            "--db", db, "report", "--profile", "smoke", "--out", directory.path("c"),
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try DirectoryContents.read(directory.path("c")) == written)

        let svg = String(decoding: try #require(written["fig2.svg"]), as: UTF8.self)
        #expect(svg.contains("<metadata>"))
        let table3 = String(decoding: try #require(written["table3.csv"]), as: UTF8.self)
        #expect(
            table3.hasPrefix(
                "dataset,method,dice,dice_std,auc,auc_std,acc,acc_std,runs,run_ids,dice_searched,dice_searched_std,"
                    + "dataset_id\n"
            ))
    }

    /// The rows of a CSV file, split into fields (the files here hold no quoted commas).
    private func rows(_ file: String) throws -> [[String]] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func aDatasetChoiceRunsTheRoleOnTheImportedSetAndTheReportsNameIt() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        func msdb(_ arguments: [String]) throws -> String {
            let outcome = try MSDBProcess.run(["--db", db] + arguments)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return outcome.stdout
        }
        _ = try msdb([
            "reproduce", "--profile", "smoke", "--only", "table3", "--out", directory.path("synthetic"),
        ])
        // The synthetic NUC set, written out and imported back: the same pixels as a "real" dataset.
        let listed = try JSONParser.parse(msdb(["dataset", "list", "--json"]))
        let nuc = try #require(listed.arrayValue?.first { $0["source"] == "nuc" }?["id"]?.stringValue)
        _ = try msdb(["dataset", "export", nuc, directory.path("nuc-files")])
        let imported = try JSONParser.parse(
            msdb(["dataset", "import", directory.path("nuc-files"), "--layout", "official", "--json"]))
        let copy = try #require(imported["id"]?.stringValue)
        #expect(copy != nuc)

        let choice = ["--profile", "smoke", "--only", "table3", "--dataset", "nuc=\(copy.prefix(12))"]
        let summary = try JSONParser.parse(
            msdb(["reproduce"] + choice + ["--out", directory.path("real"), "--json"]))
        #expect(summary["computed"] == .integer(Int64(ReproductionPlan.table3Methods.count)))
        let before = try rows(directory.path("synthetic/table3.csv"))
        let after = try rows(directory.path("real/table3.csv"))
        #expect(after[0].last == "dataset_id" && after.count == before.count)
        for (old, new) in zip(before.dropFirst(), after.dropFirst()) {
            if new[0] == "nuc" {
                // Same pixels, same seeds: the same numbers, from other runs on another dataset id.
                #expect(new.last == copy && old.last == nuc)
                #expect(Array(new[2..<8]) == Array(old[2..<8]) && new[9] != old[9])
            } else {
                #expect(new == old)
            }
        }
        let index = try String(contentsOfFile: directory.path("real/index.html"), encoding: .utf8)
        #expect(index.contains("Results on nuc are on real, imported data; those on er, mito are on"))
        _ = try msdb(["report"] + choice + ["--out", directory.path("report")])
        #expect(
            try DirectoryContents.read(directory.path("report"))
                == DirectoryContents.read(directory.path("real")))

        let scenes = try #require(
            listed.arrayValue?.first { $0["task"] == "binary" && $0["source"] == "er" }?["id"]?.stringValue)
        for (arguments, mentioned) in [
            (["--dataset", "scenes=\(scenes)"], "scenes needs a multiclass dataset"),
            (["--dataset", "toy=\(copy)"], "not ROLE=ID"),
            (["--dataset", "nuc=ffffffffffff"], "ffffffffffff"),
        ] {
            let outcome = try MSDBProcess.run(
                ["--db", db, "reproduce", "--profile", "smoke", "--out", directory.path("bad")] + arguments)
            #expect(outcome.status != 0)
            #expect(
                outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains(mentioned), "\(outcome.stderr)"
            )
        }
    }

    @Test func aDryRunListsEveryPlannedRunWithAnEstimateAndRunsNothing() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        func dryRun(_ extra: [String] = []) throws -> JSONValue {
            let outcome = try MSDBProcess.run(
                [
                    "--db", db, "reproduce", "--profile", "smoke", "--dry-run", "--json", "--threads", "1",
                    "--out", directory.path("never"),
                ] + extra)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return try JSONParser.parse(outcome.stdout)
        }
        let empty = try dryRun()
        let runs = try #require(empty["runs"]?.arrayValue)
        let plan = try ReproductionPlan(
            profile: ReproductionProfile(named: "smoke"), outputs: PaperOutput.allCases)
        #expect(runs.count == plan.runs.count)
        #expect(runs.compactMap { $0["label"]?.stringValue } == plan.runs.map(\.title))
        #expect(runs.allSatisfy { $0["cached"] == false })
        let trainings = runs.filter { $0["kind"] == "train" }
        #expect(trainings.allSatisfy { ($0["estimated_seconds"]?.doubleValue ?? 0) > 0 })
        let total = try #require(empty["estimated_seconds"]?.doubleValue)
        let sum = runs.compactMap { $0["estimated_seconds"]?.doubleValue }.reduce(0, +)
        #expect(abs(total - sum) < 1e-6 * sum)
        #expect(!FileManager.default.fileExists(atPath: directory.path("never")))
        let measured = try #require(
            empty["throughput"]?.arrayValue?.compactMap { $0["measured_at"]?.stringValue })
        #expect(!measured.isEmpty)

        _ = try MSDBProcess.run([
            "--db", db, "reproduce", "--profile", "smoke", "--only", "table3", "--out", directory.path("out"),
        ])
        let after = try dryRun()
        let table3 = try #require(after["outputs"]?.arrayValue?.first { $0["output"] == "table3" })
        #expect(table3["cached"] == table3["runs"] && table3["estimated_seconds"] == 0)
        #expect(
            after["throughput"]?.arrayValue?.compactMap { $0["measured_at"]?.stringValue } == measured,
            "measured again unasked")
        #expect(after["estimated_seconds_from_empty"] == empty["estimated_seconds_from_empty"])
        let remeasured = try dryRun(["--recalibrate"])
        #expect(
            remeasured["throughput"]?.arrayValue?.compactMap { $0["measured_at"]?.stringValue } != measured)
    }

    @Test func reportOnAnEmptyDatabaseListsTheMissingRunsAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let outcome = try MSDBProcess.run([
            "--db", directory.path("db.sqlite"), "report", "--profile", "smoke", "--only", "fig2",
            "--out", directory.path("out"),
        ])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.contains("missing: "))
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.contains("msdb reproduce --profile smoke --only fig2"))
        #expect(try DirectoryContents.read(directory.path("out")).isEmpty)
    }

    @Test(arguments: [
        (["--only", "table2,fig9"], "fig9"),
        (["--profile", "medium"], "medium"),
        (["--entries", "0"], "0 is outside the plan's runs 1–"),
        (["--entries", "5-3"], "the range 5-3 runs backwards"),
        (["--entries", "2,x"], "'x' is not a position"),
        (["--jobs", "0"], "--jobs must be at least 1"),
    ])
    func badOptionsAreOneErrorLineBeforeAnyWork(arguments: [String], mentioned: String) throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let outcome = try MSDBProcess.run(
            ["--db", db, "reproduce", "--out", directory.path("out")] + arguments)
        #expect(outcome.status != 0)
        #expect(
            outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains(mentioned), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(!FileManager.default.fileExists(atPath: directory.path("out")))
    }

    /// A share computes in its own process: were `--entries` to start children of its own (which
    /// would start theirs), this would never end.
    @Test(.timeLimit(.minutes(3)))
    func entriesComputeTheirShareAndJobsInChildProcessesGiveTheSameReports() throws {
        let directory = try TemporaryDirectory()
        let plan = ["reproduce", "--profile", "smoke", "--only", "fig5", "--threads", "1"]
        let serial = try MSDBProcess.run(
            ["--db", directory.path("serial.sqlite")] + plan + [
                "--jobs", "1", "--out", directory.path("serial"),
            ])
        #expect(serial.status == 0, "\(serial.stderr)")

        let shared = directory.path("shared.sqlite")
        let share = try MSDBProcess.run(["--db", shared] + plan + ["--entries", "2-3", "--json"])
        #expect(share.status == 0, "\(share.stderr)")
        let summary = try JSONParser.parse(share.stdout)
        #expect(summary["computed"] == 2)
        #expect(summary["directory"] == nil && summary["files"] == [])
        #expect(share.stderr.contains("[2/8]") && share.stderr.contains("[3/8]"), "\(share.stderr)")
        #expect(!share.stderr.contains("[1/8]"))

        let jobs = try MSDBProcess.run(
            ["--db", shared] + plan + ["--jobs", "2", "--out", directory.path("jobs"), "--json"])
        #expect(jobs.status == 0, "\(jobs.stderr)")
        let parallel = try JSONParser.parse(jobs.stdout)
        #expect(parallel["computed"] == 6, "the 2 runs of --entries are recorded")
        #expect(parallel["cached"] == 2)
        #expect(!jobs.stderr.contains("[2/8]"), "no child is started for a recorded run: \(jobs.stderr)")
        #expect(
            try DirectoryContents.read(directory.path("jobs"))
                == DirectoryContents.read(directory.path("serial")))
    }

    @Test func anOutPathThatIsAFileIsRefusedBeforeAnyWork() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("taken")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let outcome = try MSDBProcess.run([
            "--db", directory.path("db.sqlite"), "reproduce", "--profile", "smoke", "--out", file,
        ])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains("not a directory"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
        #expect(!FileManager.default.fileExists(atPath: directory.path("db.sqlite")))
    }

    @Test func aKilledWritersPartialFileIsRemovedAndALiveWritersIsKept() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // 2147483646 is above Linux's largest pid, so no process owns it; this test process is alive.
        let abandoned = ".fig4.csv.2147483646.partial"
        let live = ".fig4.svg.\(getpid()).partial"
        for name in [abandoned, live] {
            try Data("half".utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name))
        }
        let outcome = try MSDBProcess.run([
            "--db", directory.path("db.sqlite"), "reproduce", "--profile", "smoke", "--only", "fig4",
            "--out", out,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(!names.contains(abandoned))
        #expect(names.contains(live))
        #expect(names.isSuperset(of: ["fig4.csv", "fig4.svg", "index.html"]))
        #expect(names.filter { $0.hasSuffix(".partial") } == [live], "\(names)")
    }
}
