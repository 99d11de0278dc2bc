import CanonicalJSON
import Foundation
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

    private func contents(of directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        return result
    }

    @Test func smokeReproduceWritesEveryOutputRecomputesNothingTheSecondTimeAndReportMatches() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("db.sqlite")
        let first = try MSDBProcess.run([
            "--db", db, "reproduce", "--profile", "smoke", "--out", directory.path("a"), "--json",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try JSONParser.parse(first.stdout)
        #expect((summary["computed"]?.integerValue ?? 0) > 0)
        let written = try contents(of: directory.path("a"))
        for name in Self.files { #expect(written[name] != nil, "missing \(name)") }

        let second = try MSDBProcess.run([
            "--db", db, "reproduce", "--profile", "smoke", "--out", directory.path("b"), "--json",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try JSONParser.parse(second.stdout)["computed"] == 0)
        #expect(try contents(of: directory.path("b")) == written, "the same database gave other bytes")

        let report = try MSDBProcess.run([
            "--db", db, "report", "--profile", "smoke", "--out", directory.path("c"),
        ])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try contents(of: directory.path("c")) == written)

        let svg = String(decoding: try #require(written["fig2.svg"]), as: UTF8.self)
        #expect(svg.contains("<metadata>"))
        let table3 = String(decoding: try #require(written["table3.csv"]), as: UTF8.self)
        #expect(
            table3.hasPrefix(
                "dataset,method,dice,dice_std,auc,auc_std,acc,acc_std,runs,run_ids,dice_searched,dice_searched_std\n"
            ))
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
        #expect(try contents(of: directory.path("out")).isEmpty)
    }

    @Test(arguments: [
        (["--only", "table2,fig9"], "fig9"),
        (["--profile", "medium"], "medium"),
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
