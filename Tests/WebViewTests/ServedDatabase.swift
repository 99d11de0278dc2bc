import ArtifactStore
import CanonicalJSON
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The database the web view tests browse: the smoke profile reproduced by the real CLI (datasets,
/// trainings with curves and predictions, iGTT with per-epoch pseudo-labels, baselines, reports),
/// plus one run whose parameters are hostile strings. It is made once per test process; each test
/// serves it with a `msdb-serve` process of its own (`session()`), stopped when the test ends.
final class ServedDatabase: @unchecked Sendable {
    /// The parameter value every page must show as inert text.
    static let hostile = "<script>alert(1)</script>"

    let directory: TemporaryDirectory
    let path: String
    /// The run recorded with hostile parameters.
    let hostileRun: ContentID

    /// One per test process: reproducing smoke takes about 25 s in a debug build.
    static let shared: Result<ServedDatabase, any Error> = Result { try ServedDatabase() }

    static func get() throws -> ServedDatabase { try shared.get() }

    /// The shared database behind a server of this test's own.
    static func session() throws -> ServedSession { try ServedSession(database: get()) }

    /// The shared fixture's directory, removed when the test process exits (a static value is never
    /// released, so its `TemporaryDirectory` would stay behind).
    nonisolated(unsafe) private static var directoryToRemove: String?

    private init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("smoke.sqlite")
        let reproduced = try MSDBProcess.run(
            [
                "--db", path, "reproduce", "--profile", "smoke", "--out", directory.path("reports"), "--jobs",
                "1",
            ])
        guard reproduced.status == 0 else { throw FixtureError("reproduce smoke: \(reproduced.stderr)") }
        let store = try Store(path: path)
        hostileRun = try store.record(
            FinishedRun(
                canonicalSpec: #"{"kind":"note","params":{"comment":"<script>alert(1)</script>"},"seed":0}"#,
                kind: "note", seed: 0, engineVersion: "4",
                params: ["comment": .text(Self.hostile), "quote": .text(#"" onmouseover="alert(2)"#)],
                metrics: ["score": 0.5]))
        store.close()
        Self.directoryToRemove = directory.url.path
        atexit {
            if let path = ServedDatabase.directoryToRemove {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// Starts `msdb-serve` on the database at `path` (any free port) and waits for its address.
    static func serve(_ path: String, scratch: URL, label: String) throws -> (RunningMSDB, URL) {
        let server = try RunningMSDB(
            ["--db", path, "--port", "0"], scratch: scratch, label: label,
            executable: MSDBProcess.serveExecutable)
        do {
            return (server, try waitForAddress(server))
        } catch {
            server.terminateAndWait()
            throw error
        }
    }

    /// The `http://127.0.0.1:PORT/` the server prints once it listens.
    private static func waitForAddress(_ server: RunningMSDB) throws -> URL {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let output = server.outcome.stdout
            if let match = output.firstMatch(of: /msdb serve: (http:\/\/127\.0\.0\.1:\d+\/)/),
                let url = URL(string: String(match.1))
            {
                return url
            }
            guard server.isRunning else { throw FixtureError("msdb-serve exited: \(server.outcome.stderr)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw FixtureError("msdb-serve did not report its address in 30 s")
    }

    /// A run id of `kind` (the first, oldest first).
    func run(kind: String) throws -> String {
        let outcome = try MSDBProcess.run(["--db", path, "runs", "--filter", "kind = '\(kind)'", "--json"])
        let runs = try JSONParser.parse(outcome.stdout).arrayValue ?? []
        return try #require(runs.first?["id"]?.stringValue, "no \(kind) run")
    }
}

/// A `msdb-serve` process on the shared database, for one test: stopped when the test releases it.
final class ServedSession: @unchecked Sendable {
    let database: ServedDatabase
    let server: RunningMSDB
    let base: URL

    init(database: ServedDatabase) throws {
        self.database = database
        (server, base) = try ServedDatabase.serve(
            database.path, scratch: database.directory.url, label: "serve-\(UUID())")
    }

    deinit { server.terminateAndWait() }

    var path: String { database.path }
    var hostileRun: ContentID { database.hostileRun }
    func run(kind: String) throws -> String { try database.run(kind: kind) }

    /// One GET (or another method): status, headers and body.
    func request(_ path: String, method: String = "GET") async throws -> HTTPAnswer {
        // Joined as text: `//etc/passwd` must stay a path, not become a host.
        guard let url = URL(string: String(base.absoluteString.dropLast()) + path) else {
            throw FixtureError("bad path \(path)")
        }
        return try await HTTPAnswer.fetch(url, method: method)
    }
}

/// What a request answered.
struct HTTPAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data
    var text: String { String(decoding: body, as: UTF8.self) }

    static func fetch(_ url: URL, method: String = "GET") async throws -> HTTPAnswer {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FixtureError("no HTTP response") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, headers: headers, body: data)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
