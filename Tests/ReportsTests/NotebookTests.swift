import Foundation
import Imaging
import Reports
import Testing

/// The notebooks and the CSVs they load, for every output. They are snapshots, so the committed
/// `Snapshots/notebooks/*.ipynb` and `Snapshots/reports/*.csv` are exactly what the library writes;
/// `Scripts/execute_notebooks.sh` executes them with Jupyter.
struct NotebookTests {
    static let provenance = NotebookProvenance(
        msdbVersion: "0.1.0-test", profile: "smoke", runIDs: ["r2", "r1", "r2"], artifactIDs: ["a1"],
        seeds: [7, 3], datasets: ["er: `e1` (real, imported official folder /data/ER)"])

    static func csv(for output: NotebookExport.Output) throws -> CSVTable {
        switch output {
        case .table2: CSVTable(records: SampleReport.table2)
        case .table3: CSVTable(records: SampleReport.table3)
        case .fig2: CSVTable(records: SampleReport.figure2)
        case .fig3: CSVTable(records: SampleReport.figure3)
        case .fig4: CSVTable(records: SampleReport.figure4)
        case .fig5: CSVTable(records: SampleReport.figure5)
        case .fig6: CSVTable(records: try SampleReport.figure6().rows)
        }
    }

    @Test(arguments: NotebookExport.Output.allCases)
    func notebooksAreValidNbformatWithProvenanceLoadAndPlotCells(output: NotebookExport.Output) throws {
        let text = NotebookExport.notebook(
            for: output, provenance: Self.provenance, reportsDirectory: "../reports")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["nbformat"] as? Int == 4)
        #expect(json["nbformat_minor"] as? Int == 5)
        let metadata = try #require(json["metadata"] as? [String: Any])
        let kernelspec = try #require(metadata["kernelspec"] as? [String: Any])
        #expect(kernelspec["name"] as? String == "python3")
        let cells = try #require(json["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code"])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == 3)
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        #expect(
            sources[0].contains("`r1`, `r2`") && sources[0].contains("`a1`")
                && sources[0].contains("`3`, `7`"))
        #expect(sources[0].contains("0.1.0-test"))
        #expect(sources[0].contains("- Datasets: er: `e1` (real, imported official folder /data/ER)"))
        #expect(sources[1].contains("CSV = REPORTS / \"\(output.csvFileName)\"\ndf = pd.read_csv(CSV"))
        #expect(sources[1].contains("REPORTS = Path(\"../reports\")"))
        #expect(sources[2].contains("plt."))
        for cell in cells where cell["cell_type"] as? String == "code" {
            #expect((cell["outputs"] as? [Any])?.isEmpty == true)
        }
        try Snapshot.check(text, named: "notebooks/\(output.fileName)")
        try Snapshot.check(try Self.csv(for: output).text, named: "reports/\(output.csvFileName)")
    }

    @Test func figureFourPicturesAreExportedForTheNotebookToShow() throws {
        for cell in SampleReport.figure4 {
            try Snapshot.check(
                try ImageFile.pngData(cell.image), named: "reports/images/\(cell.artifactID).png")
        }
    }

    @Test func theReportsDirectoryIsAPythonStringLiteral() throws {
        let text = NotebookExport.notebook(
            for: .fig2, provenance: Self.provenance, reportsDirectory: #"my "dir"\x"#)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        let load = try #require(cells[1]["source"] as? [String]).joined()
        #expect(load.contains(#"REPORTS = Path("my \"dir\"\\x")"#))
    }
}
