import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb verify`: re-hashes every blob and checks the database file.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every blob against its id and check the database's integrity.",
        discussion:
            "Names every damaged blob and exits with status 1 if there is any damage. Changes nothing."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let progress = ProgressLine(label: "verifying blobs")
        let report = try store.verify { done, total in progress.update(done, of: total) }
        progress.finish()
        if json {
            try CommandOutput.printJSON(report)
        } else {
            for damage in report.corrupt { print("corrupt \(damage.id): \(damage.reason)") }
            if report.integrity != ["ok"] {
                for line in report.integrity { print("integrity: \(line)") }
            }
            if report.foreignKeyViolations > 0 {
                print("foreign-key violations: \(report.foreignKeyViolations)")
            }
            let rate = report.seconds > 0 ? Double(report.rawBytes) / report.seconds / 1_000_000 : 0
            print(
                "checked \(report.blobsChecked) blobs (\(CommandOutput.bytes(report.rawBytes)) raw, "
                    + "\(CommandOutput.bytes(report.storedBytes)) stored) in \(String(format: "%.2f", report.seconds)) s "
                    + "(\(String(format: "%.0f", rate)) MB/s): "
                    + (report.isHealthy ? "all intact" : "\(report.corrupt.count) damaged"))
        }
        if !report.isHealthy { throw ExitCode.failure }
    }
}
