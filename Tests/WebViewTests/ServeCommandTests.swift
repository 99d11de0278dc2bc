import Foundation
import TestSupport
import Testing

/// Starting the web view as a user would: `msdb serve` hands over to `msdb-serve`, a host other
/// than loopback warns, and a database that is not there is one `error:` line.
@Suite struct ServeCommandTests {
    @Test func msdbServeStartsTheServerBesideIt() async throws {
        let served = try ServedDatabase.get()
        let directory = try TemporaryDirectory()
        let server = try RunningMSDB(
            ["--db", served.path, "serve", "--port", "0"], scratch: directory.url, label: "serve")
        defer { server.terminateAndWait() }
        var address: URL?
        for _ in 0..<300 where address == nil {
            if let match = server.outcome.stdout.firstMatch(of: /(http:\/\/127\.0\.0\.1:\d+\/)/) {
                address = URL(string: String(match.1))
            } else {
                #expect(server.isRunning, "msdb serve exited: \(server.outcome.stderr)")
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let base = try #require(address, "msdb serve printed no address")
        let answer = try await HTTPAnswer.fetch(try #require(URL(string: "api/status", relativeTo: base)))
        #expect(answer.status == 200)
        #expect(server.outcome.stderr.isEmpty, "loopback needs no warning: \(server.outcome.stderr)")
    }

    @Test func anyOtherHostWarns() async throws {
        let served = try ServedDatabase.get()
        let directory = try TemporaryDirectory()
        let server = try RunningMSDB(
            ["--db", served.path, "--port", "0", "--host", "0.0.0.0"], scratch: directory.url, label: "serve",
            executable: MSDBProcess.serveExecutable)
        defer { server.terminateAndWait() }
        for _ in 0..<300 where !server.outcome.stdout.contains("msdb serve: http://0.0.0.0:") {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.outcome.stdout.contains("msdb serve: http://0.0.0.0:"))
        #expect(
            server.outcome.stderr.contains("warning: serving on 0.0.0.0: anyone who can reach this address"))
    }

    @Test func aMissingDatabaseIsOneErrorLine() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path("nothing.sqlite")
        let server = try RunningMSDB(
            ["--db", missing, "--port", "0"], scratch: directory.url, label: "serve",
            executable: MSDBProcess.serveExecutable)
        let outcome = server.wait()
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.hasPrefix("error: ") && outcome.stderr.split(separator: "\n").count == 1,
            "\(outcome.stderr)")
        #expect(outcome.stderr.contains("no such file"))
        #expect(!FileManager.default.fileExists(atPath: missing), "the server created the database")
        let badPort = try MSDBProcess.run(["serve", "--port", "70000"])
        #expect(badPort.status != 0 && badPort.stderr.contains("--port"))
    }
}
