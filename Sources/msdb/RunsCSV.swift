import ArtifactStore

/// Runs as CSV (RFC 4180 quoting): fixed columns, then one column per parameter and per metric
/// that any listed run has, sorted by name.
enum RunsCSV {
    static func text(of runs: [RunRecord]) -> String {
        let paramNames = Set(runs.flatMap(\.params.keys)).sorted()
        let metricNames = Set(runs.flatMap(\.metrics.keys)).sorted()
        var lines = [
            (["id", "kind", "status", "seed", "created_at"] + paramNames.map { "params." + $0 }
                + metricNames.map { "metrics." + $0 }).map(quote).joined(separator: ",")
        ]
        for run in runs {
            var cells = [
                run.id.hex, run.kind, run.status.rawValue, run.seed.map(String.init) ?? "", run.createdAt,
            ]
            for name in paramNames {
                switch run.params[name] {
                case .number(let number): cells.append(format(number))
                case .text(let text): cells.append(text)
                case nil: cells.append("")
                }
            }
            for name in metricNames { cells.append(run.metrics[name].map(format) ?? "") }
            lines.append(cells.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integral values without a decimal point; others in Swift's shortest round-trip form.
    private static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return cell
        }
        return "\"" + cell.replacing("\"", with: "\"\"") + "\""
    }
}
