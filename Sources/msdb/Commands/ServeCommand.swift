import ArgumentParser
import Foundation

/// `msdb serve`: starts the web view, the `msdb-serve` binary beside this one. The server is a
/// product of its own so that building `msdb` (and `msdb reproduce`, the main job) never compiles
/// Hummingbird and SwiftNIO; this command only hands over to it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Browse the database in a web browser (runs, curves, comparisons, lineage, reports).",
        discussion: """
            Runs msdb-serve, built with `swift build -c release --product msdb-serve`. Read-only; \
            binds to loopback unless --host says otherwise. Pages: /runs, /runs/ID, /compare?ids=A,B, \
            /reports?profile=quick, /seeds; JSON under /api/ mirrors runs, show, diff, lineage and \
            seeds with --json.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The TCP port (0: any free port, printed when listening).")
    var port = 8080

    @Option(help: "The address to bind (default loopback; anything else warns).")
    var host = "127.0.0.1"

    /// `$MSDB_SERVE_BINARY`, else `msdb-serve` in this binary's directory.
    static var serverBinary: String {
        if let override = ProcessInfo.processInfo.environment["MSDB_SERVE_BINARY"], !override.isEmpty {
            return override
        }
        return URL(fileURLWithPath: LocalJobs.executable).deletingLastPathComponent()
            .appending(path: "msdb-serve").path
    }

    func run() throws {
        let binary = Self.serverBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CLIError(
                "the web view is not built (no \(binary)): build it with `swift build -c release --product msdb-serve`"
            )
        }
        let arguments = [binary, "--db", global.databasePath, "--port", String(port), "--host", host]
        // Replace this process, so signals (Ctrl-C) and the exit status are the server's own.
        var cArguments = arguments.map { strdup($0) } + [nil]
        execv(binary, &cArguments)
        throw CLIError("cannot start \(binary): \(String(cString: strerror(errno)))")
    }
}
