import ArgumentParser
import ArtifactStore
import CanonicalJSON
import Foundation

/// `msdb show`: everything recorded about one run.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: spec, status, timings, environment, parameters, metrics and artifacts."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The run id or a unique prefix of it (8+ hex characters).")
    var runID: String

    @Flag(help: "Print one JSON object (the `msdb runs --json` keys plus spec, environment and timings).")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let id = try store.resolveRun(IDPrefix(runID))
        guard let record = try store.run(id) else { throw StoreError.notFound(what: "run", id: id.hex) }
        let copies = try store.divergentCopies(of: id)
        if json {
            try CommandOutput.printJSON(RunDetailJSON(record, divergentCopies: copies))
            return
        }
        var lines = [
            "run      \(record.id.hex)",
            "kind     \(record.kind)",
            "status   \(record.status.rawValue)" + (record.error.map { " (\($0))" } ?? ""),
            "seed     \(record.seed.map(String.init) ?? "-")",
            "engine   \(record.engineVersion)",
            "created  \(record.createdAt)",
        ]
        if let finished = record.finishedAt {
            lines.append(
                "finished \(finished)" + (record.wallSeconds.map { String(format: " (%.2f s)", $0) } ?? ""))
        }
        lines.append("spec     \(record.spec)")
        lines.append("env      \(record.environment)")
        if !record.params.isEmpty {
            lines.append("params")
            for name in record.params.keys.sorted() {
                switch record.params[name] {
                case .number(let value): lines.append("  \(name) = \(CanonicalNumberText.text(value))")
                case .text(let value): lines.append("  \(name) = '\(value)'")
                case nil: break
                }
            }
        }
        if !record.metrics.isEmpty {
            lines.append("metrics")
            for name in record.metrics.keys.sorted() {
                lines.append("  \(name) = \(record.metrics[name].map(CanonicalNumberText.text) ?? "")")
            }
        }
        for (title, artifacts) in [("inputs", record.inputs), ("outputs", record.outputs)]
        where !artifacts.isEmpty {
            lines.append(title)
            for role in artifacts.keys.sorted() {
                guard let artifact = artifacts[role] else { continue }
                let info = try store.info(artifact)
                let detail = info.map { "\($0.kind) \(CommandOutput.bytes($0.rawSize))" } ?? "missing"
                lines.append("  \(role)  \(artifact.hex)  \(detail)")
            }
        }
        for copy in copies { lines.append(DivergentCopyText.describe(copy, against: record)) }
        print(lines.joined(separator: "\n"))
    }
}

/// Numbers as canonical JSON prints them (`0.05`, `100`), for tables meant for people.
enum CanonicalNumberText {
    static func text(_ value: Double) -> String { JSONValue.number(value).canonicalText }
}
