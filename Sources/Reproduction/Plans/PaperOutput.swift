internal import Jobs
public import Runs

/// The paper's tables and figures that `msdb reproduce` and `msdb report` build (the
/// TablesAndFigures article), in the paper's order.
public enum PaperOutput: String, CaseIterable, Sendable, Comparable {
    case table2, table3, fig2, fig3, fig4, fig5, fig6

    /// Parses a comma-separated `--only` list (`table2,fig5`); an empty list means all.
    ///
    /// - Throws: `RunError.invalidParameter` naming the first unknown entry.
    public static func parse(list: String?) throws(RunError) -> [PaperOutput] {
        guard let list, !list.isEmpty else { return allCases }
        var chosen = Set<PaperOutput>()
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.filter { $0 != " " }.lowercased()
            guard let output = PaperOutput(rawValue: name) else {
                throw .invalidParameter(
                    name: "only",
                    reason: "unknown table or figure '\(name)': expected "
                        + allCases.map(\.rawValue).joined(separator: ", "))
            }
            chosen.insert(output)
        }
        return chosen.sorted()
    }

    public static func < (lhs: PaperOutput, rhs: PaperOutput) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        Self.allCases.firstIndex(of: self) ?? 0
    }
}
