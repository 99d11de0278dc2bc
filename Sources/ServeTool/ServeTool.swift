import ArgumentParser
import ArtifactStore
import Foundation
import Hummingbird
import WebView

/// `msdb-serve` (also run as `msdb serve`): the web view of one database, read-only.
@main
struct ServeTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msdb serve",
        abstract:
            "Browse a database in a web browser: runs, curves, comparisons, lineage, the paper's reports.",
        discussion: """
            Opens the database read-only and serves pages for people (/runs, /runs/ID, /compare, \
            /reports, /seeds) and JSON for notebooks (/api/, the --json output of runs, show, diff, \
            lineage and seeds). Pages of running runs follow a `reproduce` in another process. Binds to \
            the loopback interface unless --host says otherwise; the view has no authentication.
            """)

    @Option(help: "The database file (default: $MSDB_DB, else ./msdb.sqlite).")
    var db: String?

    @Option(help: "The TCP port (0: any free port, printed when listening).")
    var port = 8080

    @Option(help: "The address to bind. Anything but loopback makes the database readable from the network.")
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
    }

    func run() async throws {
        let path =
            db ?? ProcessInfo.processInfo.environment["MSDB_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "msdb.sqlite"
        let store: Store
        do {
            store = try Store(path: path, readOnly: true)
        } catch {
            Self.fail("\(error)")
        }
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            Self.note(
                "warning: serving on \(host): anyone who can reach this address can read the database "
                    + "(the view is read-only and has no authentication)")
        }
        let server = WebServer(store: store, databasePath: path)
        let host = host
        let app = server.application(host: host, port: port) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            // Written unbuffered: a test or script reads this line to learn the port.
            FileHandle.standardOutput.write(
                Data("msdb serve: http://\(shown):\(bound)/ (\(path), read-only; Ctrl-C stops)\n".utf8))
        }
        do {
            try await app.runService()
        } catch {
            Self.fail("cannot serve on \(host):\(port): \(error)")
        }
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func fail(_ message: String) -> Never {
        note("error: " + message)
        Foundation.exit(1)
    }
}
