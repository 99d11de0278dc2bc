import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb audit`: proves runs reproduce by recomputing them in scratch space.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Re-execute runs in scratch space and compare every output id; exit 1 if any differ.",
        discussion: """
            The database is copied to a temporary file and each run is recomputed there with the \
            BLAS thread count it recorded; the database itself is not changed. For a run whose \
            outputs differ, the first differing output is named, and for a curve the first epoch \
            (or step) where it diverges and the largest difference.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Run ids or prefixes (8+ hex digits).")
    var runs: [String] = []

    @Flag(help: "Audit every done run of a kind that can be re-executed.")
    var all = false

    @Flag(help: "Print the findings as JSON.")
    var json = false

    func validate() throws {
        guard all != !runs.isEmpty else {
            throw ValidationError("give run ids or --all, not both or neither")
        }
    }

    func run() throws {
        let store = try global.openStore()
        var records: [RunRecord] = []
        if all {
            records = try store.runs(.done).filter {
                RunAudit.auditableKinds.contains($0.kind) && !$0.spec.contains("\"source\":\"import\"")
            }
        } else {
            for text in runs {
                let id = try store.resolveRun(try IDPrefix(text))
                guard let record = try store.run(id), record.status == .done else {
                    throw CLIError("run \(id.hex) is not done, so there is nothing to compare")
                }
                guard RunAudit.auditableKinds.contains(record.kind) else {
                    throw CLIError("\(record.kind) runs cannot be re-executed by msdb audit")
                }
                records.append(record)
            }
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "msdb-audit-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let audit = try RunAudit(
            original: store, scratchPath: scratch.appendingPathComponent("audit.sqlite").path)
        var findings: [RunAudit.Finding] = []
        for (offset, record) in records.enumerated() {
            let label = "[\(offset + 1)/\(records.count)] \(record.kind) \(record.id.short)"
            let progress = TrainingProgressPrinter(label: label)
            let finding = try audit.audit(record, progress: progress.report)
            progress.finish()
            findings.append(finding)
            if !json { print(Self.describe(finding)) }
        }
        let differing = findings.filter { !$0.identical }.count
        if json {
            try CommandOutput.printJSON(findings.map(AuditFindingJSON.init))
        } else {
            print("audit: \(findings.count - differing) of \(findings.count) runs identical")
        }
        if differing > 0 { throw ExitCode.failure }
    }

    static func describe(_ finding: RunAudit.Finding) -> String {
        var text = "\(finding.run.hex) \(finding.kind): "
        let copies =
            finding.divergentCopies == 0
            ? ""
            : " (\(finding.divergentCopies) divergent cop\(finding.divergentCopies == 1 ? "y" : "ies") recorded)"
        guard !finding.identical else { return text + "identical" + copies }
        text += "differs at output '\(finding.firstDifference ?? "?")'"
        if let point = finding.curvePoint { text += ", curve diverges at point \(point)" }
        if let largest = finding.largestDifference {
            text += String(format: ", largest difference %.6g", largest)
        }
        if let source = finding.matchingCopySource {
            text += "; it matches the divergent copy from \(source)"
        } else {
            text += copies
        }
        return text
    }
}

/// One element of `msdb audit --json`.
struct AuditFindingJSON: Encodable {
    let run: String
    let kind: String
    let identical: Bool
    let firstDifference: String?
    let curvePoint: Int?
    let largestDifference: Double?
    let seconds: Double
    let divergentCopies: Int
    let matchesDivergentCopy: String?

    init(_ finding: RunAudit.Finding) {
        run = finding.run.hex
        kind = finding.kind
        identical = finding.identical
        firstDifference = finding.firstDifference
        curvePoint = finding.curvePoint
        largestDifference = finding.largestDifference
        seconds = finding.seconds
        divergentCopies = finding.divergentCopies
        matchesDivergentCopy = finding.matchingCopySource
    }

    enum CodingKeys: String, CodingKey {
        case run, kind, identical, seconds
        case firstDifference = "first_difference"
        case curvePoint = "curve_point"
        case largestDifference = "largest_difference"
        case divergentCopies = "divergent_copies"
        case matchesDivergentCopy = "matches_divergent_copy"
    }
}
