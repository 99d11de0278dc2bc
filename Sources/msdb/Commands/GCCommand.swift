import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb gc`: deletes blobs that no run references and nobody pinned.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete artifacts that no run references and that are not pinned.",
        discussion: """
            Unreachable blobs younger than --min-age seconds are kept, because a process may have stored \
            them for a run it has not recorded yet. Freed pages are reused by later writes.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Report what would be deleted without deleting it.")
    var dryRun = false

    @Option(help: "Keep unreachable blobs stored less than this many seconds ago.")
    var minAge: Double = Store.defaultGarbageMinimumAge

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard minAge >= 0, minAge.isFinite else {
            throw ValidationError("--min-age must be a number of seconds ≥ 0")
        }
    }

    func run() throws {
        let report = try global.openStore().collectGarbage(dryRun: dryRun, minimumAge: minAge)
        if json {
            try CommandOutput.printJSON(report)
            return
        }
        let verb = dryRun ? "would delete" : "deleted"
        print(
            "\(verb) \(report.blobs) unreachable blobs (\(CommandOutput.bytes(report.storedBytes)) stored, "
                + "\(CommandOutput.bytes(report.rawBytes)) raw)")
        if report.keptAsRecent > 0 {
            print(
                "kept \(report.keptAsRecent) unreachable blobs younger than \(Int(minAge)) s (see --min-age)")
        }
    }
}
