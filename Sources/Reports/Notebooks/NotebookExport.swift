/// Jupyter notebooks for the exported tables and figures (the TablesAndFigures article of the documentation catalog, "Notebooks"): per output, a
/// markdown cell with the provenance, a code cell that loads the CSV with pandas, and a code cell
/// that redraws the output with matplotlib.
///
/// The notebooks read `<reportsDirectory>/<name>.csv`, a path relative to the notebook's own folder
/// (Jupyter runs a notebook there), e.g. `../reports` for `notebooks-export/` beside `reports/`.
/// Figures 3 and 4 show the pictures when PNGs named `<artifact_id>.png` are exported into
/// `<reportsDirectory>/images/`, and list the artifact ids otherwise.
public enum NotebookExport {
    /// The outputs that get a notebook, named as their files.
    public enum Output: String, Sendable, CaseIterable {
        case table2, table3, fig2, fig3, fig4, fig5, fig6

        /// The notebook's file name, e.g. `fig2.ipynb`.
        public var fileName: String { rawValue + ".ipynb" }

        /// The CSV the notebook loads, e.g. `fig2.csv`.
        public var csvFileName: String { rawValue + ".csv" }

        var heading: String {
            switch self {
            case .table2: "Table 2: mIoU of DeepLabv3 on the multi-class set under noisy labels"
            case .table3: "Table 3: Dice, AUC and ACC per method and dataset"
            case .fig2: "Figure 2: test Dice per epoch under random sampling (A) and flipping (B)"
            case .fig3: "Figure 3: multi-class labels and predictions"
            case .fig4: "Figure 4: PCL (A) and RL (B) label examples"
            case .fig5: "Figure 5: learning curves under RCL, PCL and RL"
            case .fig6: "Figure 6: toy labels, noise transition matrices and KDE maps"
            }
        }
    }

    /// The notebook for `output` as nbformat 4.5 JSON text (ending in a newline).
    public static func notebook(
        for output: Output, provenance: NotebookProvenance, reportsDirectory: String = "../reports"
    ) -> String {
        Notebook(cells: [
            Notebook.Cell(
                kind: .markdown, id: "\(output.rawValue)-provenance", source: markdown(output, provenance)),
            Notebook.Cell(
                kind: .code, id: "\(output.rawValue)-load", source: loadCode(output, reportsDirectory)),
            Notebook.Cell(
                kind: .code, id: "\(output.rawValue)-plot", source: NotebookPlots.code(for: output)),
        ]).json
    }

    static func markdown(_ output: Output, _ provenance: NotebookProvenance) -> String {
        func list(_ items: [String]) -> String {
            items.isEmpty ? "none" : items.map { "`\($0)`" }.joined(separator: ", ")
        }
        var lines = [
            "# \(output.heading)",
            "",
            "Exported by msdb \(provenance.msdbVersion)"
                + (provenance.profile.isEmpty ? "." : " from the `\(provenance.profile)` profile."),
            "The data is `\(output.csvFileName)`; every row names the runs or artifacts behind it.",
            "",
            "- Runs (\(provenance.runIDs.count)): \(list(provenance.runIDs))",
            "- Artifacts (\(provenance.artifactIDs.count)): \(list(provenance.artifactIDs))",
            "- Seeds (\(provenance.seeds.count)): \(list(provenance.seeds.map(String.init)))",
        ]
        if !provenance.datasets.isEmpty {
            lines.append("- Datasets: " + provenance.datasets.joined(separator: "; "))
        }
        lines += ["", "Check any id with `msdb show RUN` or `msdb lineage ID`."]
        if output == .fig3 || output == .fig4 {
            lines.append("Pictures are shown when exported as `images/<artifact_id>.png` beside the CSV.")
        }
        return lines.joined(separator: "\n")
    }

    static func loadCode(_ output: Output, _ reportsDirectory: String) -> String {
        [
            "from pathlib import Path",
            "",
            "import pandas as pd",
            "",
            "REPORTS = Path(\(pythonString(reportsDirectory)))",
            "ID_COLUMNS = {\"run_id\": str, \"run_ids\": str, \"artifact_id\": str, \"ntm\": str}",
            "CSV = REPORTS / \(pythonString(output.csvFileName))",
            "df = pd.read_csv(CSV, dtype=ID_COLUMNS)",
            "df",
        ].joined(separator: "\n")
    }

    /// `text` as a double-quoted Python string literal.
    static func pythonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
