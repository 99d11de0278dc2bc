import Engine
import Foundation

/// Writes `PaperResults` as the report files (CSV, SVG, HTML). Not wired to the report layer yet.
struct PaperReportFiles {
    let results: PaperResults
    let plan: ReproductionPlan

    func write(to directory: ReportDirectory) throws -> [String] {
        throw CLIError("the report writer is not wired yet")
    }
}
