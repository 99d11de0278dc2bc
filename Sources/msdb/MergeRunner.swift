import ArtifactStore
import Foundation

/// Runs the merges of `msdb merge`, `push` and `pull` and prints their outcome: a paragraph per
/// source, or with `--json` one object of totals with a `sources` array of per-source reports.
struct MergeRunner {
    let target: Store
    let targetPath: String
    let json: Bool

    /// Merges each source in turn (a failure stops at that source; earlier ones stay merged).
    func run(sources: [String], filter: String? = nil) throws {
        var reports: [MergeReport] = []
        for source in sources {
            let progress = ProgressLine(label: "merging \(source)")
            let report = try target.merge(from: source, filter: filter) { step in
                progress.show("\(step.phase.rawValue) \(step.done)/\(step.total)")
            }
            progress.finish()
            reports.append(report)
            if !json { print(Self.describe(report)) }
        }
        if json { try CommandOutput.printJSON(MergeSummaryJSON(target: targetPath, reports: reports)) }
    }

    /// The lines `msdb merge` prints for one source.
    static func describe(_ report: MergeReport) -> String {
        if report.sameDatabase {
            return "\(report.source) is this database itself: nothing to merge"
        }
        var parts = [
            "\(report.runsAdded) run\(report.runsAdded == 1 ? "" : "s") added"
                + (report.runsReplaced > 0
                    ? " (\(report.runsReplaced) replacing failed or unfinished runs)" : ""),
            "\(report.blobsAdded) blob\(report.blobsAdded == 1 ? "" : "s") "
                + "(\(CommandOutput.bytes(report.bytesAdded)) stored)",
            "\(report.alreadyPresent) already present",
            "\(report.divergent) divergent"
                + (report.divergent > 0 ? " (\(report.divergentAdded) new copies)" : ""),
        ]
        if report.tagsAdded > 0 {
            parts.append("\(report.tagsAdded) tag membership\(report.tagsAdded == 1 ? "" : "s")")
        }
        if report.pinsAdded > 0 { parts.append("\(report.pinsAdded) pin\(report.pinsAdded == 1 ? "" : "s")") }
        if report.busy > 0 { parts.append("\(report.busy) being computed here (merge again once done)") }
        if report.notDone > 0 { parts.append("\(report.notDone) not done in the source (not merged)") }
        var lines = [
            "merged \(report.source)"
                + (report.runsSelected.map { " (\($0) run\($0 == 1 ? "" : "s") selected and their lineage)" }
                    ?? "")
                + ": " + parts.joined(separator: ", ")
                + String(format: " in %.2f s", report.seconds)
        ]
        if report.sourceMigrated {
            lines.append(
                "  the source has an older schema: it was read through a migrated scratch copy (unchanged)")
        }
        for run in report.divergentRuns {
            lines.append(
                "  divergent \(run): this database's result is kept, the source's is kept as a divergent copy "
                    + "(msdb show \(run.prefix(12)))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `--json` of `msdb merge`, `push` and `pull`: totals over the sources, and each source's report.
struct MergeSummaryJSON: Encodable {
    let target: String
    let reports: [MergeReport]

    enum CodingKeys: String, CodingKey {
        case target, sources, divergent, busy, seconds
        case blobsAdded = "blobs_added"
        case runsAdded = "runs_added"
        case runsReplaced = "runs_replaced"
        case bytesAdded = "bytes_added"
        case rawBytesAdded = "raw_bytes_added"
        case alreadyPresent = "already_present"
        case divergentAdded = "divergent_added"
        case divergentRuns = "divergent_runs"
        case notDone = "not_done"
        case tagsAdded = "tags_added"
        case pinsAdded = "pins_added"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func total(_ value: (MergeReport) -> Int) -> Int { reports.reduce(0) { $0 + value($1) } }
        try container.encode(target, forKey: .target)
        try container.encode(reports, forKey: .sources)
        try container.encode(total(\.blobsAdded), forKey: .blobsAdded)
        try container.encode(total(\.runsAdded), forKey: .runsAdded)
        try container.encode(total(\.runsReplaced), forKey: .runsReplaced)
        try container.encode(total(\.bytesAdded), forKey: .bytesAdded)
        try container.encode(total(\.rawBytesAdded), forKey: .rawBytesAdded)
        try container.encode(total(\.alreadyPresent), forKey: .alreadyPresent)
        try container.encode(total(\.divergent), forKey: .divergent)
        try container.encode(total(\.divergentAdded), forKey: .divergentAdded)
        try container.encode(reports.flatMap(\.divergentRuns), forKey: .divergentRuns)
        try container.encode(total(\.busy), forKey: .busy)
        try container.encode(total(\.notDone), forKey: .notDone)
        try container.encode(total(\.tagsAdded), forKey: .tagsAdded)
        try container.encode(total(\.pinsAdded), forKey: .pinsAdded)
        try container.encode(reports.reduce(0) { $0 + $1.seconds }, forKey: .seconds)
    }
}
