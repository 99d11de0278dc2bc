import ChildProcesses
import Foundation
import TestSupport
import Testing

/// The web view in a real browser: `Browser/browser_check.py` drives headless Chromium through
/// Selenium over the served smoke database (load every page, filter, sort, page, open a run,
/// compare two, follow a report cell to its runs, see a preview load) and saves a screenshot of
/// each page into `$MSDB_SCREENSHOTS` (a temporary directory when unset).
///
/// CI installs Debian's chromium and chromium-driver and PyPI's selenium (`.ci/run`), and there a
/// missing browser is a failure; elsewhere the test is skipped without them.
@Suite struct WebViewBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "Browser/browser_check.py")

    static var browserAvailable: Bool {
        let tools = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        guard tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else { return false }
        return (try? ShellProbe.succeeds("python3", ["-c", "import selenium"])) ?? false
    }

    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: browserAvailable || required, "needs chromium, chromium-driver and selenium"))
    func everyPageWorksInChromium() throws {
        #expect(Self.browserAvailable, "CI must install chromium, chromium-driver and selenium (.ci/run)")
        let served = try ServedDatabase.get()
        // A copy with a server of its own: the live check writes a run into it, which must not
        // disturb the HTTP tests on the shared database.
        let directory = try TemporaryDirectory()
        let copy = directory.path("browser.sqlite")
        try DatabaseSnapshot.copyDatabase(from: served.path, to: copy)
        let (server, base) = try ServedDatabase.serve(copy, scratch: directory.url, label: "serve")
        defer { server.terminateAndWait() }
        let screenshots =
            ProcessInfo.processInfo.environment["MSDB_SCREENSHOTS"] ?? directory.path("screenshots")
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let live = [
            MSDBProcess.executable.path, "--db", copy, "dataset", "synth", "--kind", "er", "--size", "16",
            "--train",
            "1", "--val", "0", "--test", "1", "--seed", "99",
        ].map { "'\($0)'" }.joined(separator: " ")
        let outcome = try ShellProbe.run(
            "python3",
            [
                Self.script.path, "--url", base.absoluteString, "--screenshots", screenshots,
                "--live-command",
                live,
            ])
        #expect(outcome.status == 0, "browser_check.py failed:\n\(outcome.output)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: screenshots).filter {
            $0.hasSuffix(".png")
        }
        #expect(saved.count >= 8, "screenshots: \(saved.sorted())")
    }
}

/// Runs a program found on PATH and collects its output (stdout, then stderr).
enum ShellProbe {
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let errorFile = FileManager.default.temporaryDirectory.appending(
            path: "probe-\(UUID().uuidString).stderr")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let child = try ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [program] + arguments,
            standardError: .file(errorFile))
        var data = child.standardOutput.unsafelyUnwrapped.readDataToEndOfFile()
        let status = child.wait()
        data.append((try? Data(contentsOf: errorFile)) ?? Data())
        return (status, String(decoding: data, as: UTF8.self))
    }

    static func succeeds(_ program: String, _ arguments: [String]) throws -> Bool {
        try run(program, arguments).status == 0
    }
}
