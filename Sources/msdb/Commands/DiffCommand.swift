import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb diff A B`: how two runs differ.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: parameters that differ, metric deltas, artifacts, diverging curves."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The first run (id or 8+ character prefix).")
    var a: String

    @Argument(help: "The second run.")
    var b: String

    @Flag(help: "Print the comparison as JSON.")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let comparison = try store.compare(store.resolveRun(IDPrefix(a)), store.resolveRun(IDPrefix(b)))
        if json {
            try CommandOutput.printJSON(DiffJSON(comparison))
            return
        }
        var lines = ["a \(comparison.a.hex)", "b \(comparison.b.hex)"]
        lines.append(comparison.params.isEmpty ? "params: identical" : "params that differ:")
        for change in comparison.params {
            lines.append("  \(change.name): \(Self.text(change.a)) → \(Self.text(change.b))")
        }
        if !comparison.metrics.isEmpty { lines.append("metrics:") }
        for change in comparison.metrics {
            let delta = change.delta.map { String(format: " (%+.6g)", $0) } ?? ""
            lines.append("  \(change.name): \(Self.text(change.a)) → \(Self.text(change.b))\(delta)")
        }
        if !comparison.artifacts.isEmpty { lines.append("artifacts:") }
        for change in comparison.artifacts {
            let state =
                change.same ? "same" : (change.a == nil || change.b == nil ? "only in one" : "different")
            let ids =
                change.same
                ? (change.a?.short ?? "") : "\(change.a?.short ?? "-") vs \(change.b?.short ?? "-")"
            lines.append("  \(change.direction) \(change.role): \(state) \(ids)")
        }
        for curve in comparison.curves {
            let first =
                curve.firstX.map { "first differs at x = \(CanonicalNumberText.text($0))" } ?? "identical"
            lines.append(
                "  curve \(curve.role): \(first), largest difference \(String(format: "%.6g", curve.largestDifference))"
            )
        }
        print(lines.joined(separator: "\n"))
    }

    static func text(_ value: ParamValue?) -> String {
        switch value {
        case .number(let number): CanonicalNumberText.text(number)
        case .text(let text): "'\(text)'"
        case nil: "(none)"
        }
    }

    static func text(_ value: Double?) -> String { value.map(CanonicalNumberText.text) ?? "(none)" }
}
