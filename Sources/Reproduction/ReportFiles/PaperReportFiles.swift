import ArtifactStore
import Foundation
internal import Jobs
public import Reports
internal import Runs

/// Turns `PaperResults` into the report files: `table2.csv`, `table3.csv`, `figN.csv` and
/// `figN.svg` for the chosen outputs, and `index.html` showing them together. Only the report
/// layer's plain types are used here; every number comes from `PaperResults`.
public struct PaperReportFiles {
    public let results: PaperResults
    public let plan: ReproductionPlan

    public init(results: PaperResults, plan: ReproductionPlan) {
        self.results = results
        self.plan = plan
    }

    /// One report file, in memory.
    public struct File: Sendable {
        public let name: String
        public let text: String
        /// The table a CSV file holds (nil for SVG and HTML).
        public let table: CSVTable?
    }

    /// Writes the files and returns their names, in writing order.
    public func write(to directory: ReportDirectory) throws -> [String] {
        let files = try self.files()
        for file in files { try directory.write(file.text, name: file.name) }
        return files.map(\.name)
    }

    /// The report files in writing order, without writing them (the web view shows them).
    public func files() throws -> [File] {
        var written: [File] = []
        var tables: [IndexPage.TableSection] = []
        var figures: [IndexPage.FigureSection] = []
        func save(_ text: String, _ name: String) throws {
            written.append(File(name: name, text: text, table: nil))
        }
        func save(_ table: CSVTable, _ name: String) throws {
            written.append(File(name: name, text: table.text, table: table))
        }
        for output in plan.outputs {
            let metadata = FigureMetadata(
                runIDs: results.runIDs(of: output).map(\.hex),
                artifactIDs: results.artifactIDs(of: output).map(\.hex),
                datasets: results.datasets(of: output).map {
                    FigureMetadata.Dataset(role: $0.role, id: $0.id.hex, origin: $0.origin)
                })
            switch output {
            case .table2:
                let table = CSVTable(records: table2Rows)
                try save(table, "table2.csv")
                tables.append(
                    .init(fileName: "table2.csv", caption: Self.captions[output] ?? "", table: table))
            case .table3:
                let table = CSVTable(records: table3Rows)
                try save(table, "table3.csv")
                tables.append(
                    .init(fileName: "table3.csv", caption: Self.captions[output] ?? "", table: table))
            case .fig2:
                let points = figure2Points
                try save(CSVTable(records: points), "fig2.csv")
                try save(try PaperFigures.figure2(points).svg(metadata: metadata), "fig2.svg")
            case .fig3, .fig4:
                let name = output.rawValue
                let cells = (output == .fig3 ? results.figure3 : results.figure4).map(Self.cell)
                    .stamped(datasetID(output == .fig3 ? .scenes : .er))
                try save(CSVTable(records: cells), "\(name).csv")
                try save(try grid(output, cells: cells).svg(metadata: metadata), "\(name).svg")
            case .fig5:
                let points = figure5Points
                try save(CSVTable(records: points), "fig5.csv")
                try save(try PaperFigures.figure5(points).svg(metadata: metadata), "fig5.svg")
            case .fig6:
                try save(CSVTable(records: figure6Rows), "fig6.csv")
                let figure = LabelMatrixFigure(
                    title: "Figure 6. Toy circle-in-rectangle: labels, noise transition matrices, KDE maps",
                    rows: results.figure6.map { label in
                        LabelMatrixFigure.Row(
                            name: Self.toyName(label.label), rank: label.rank, mask: label.mask,
                            ntm: label.matrix,
                            kde: label.density, artifactIDs: [label.labelID.hex, label.kdeID.hex])
                    })
                try save(try figure.svg(metadata: metadata), "fig6.svg")
            }
            if output != .table2 && output != .table3 {
                figures.append(
                    .init(
                        fileName: "\(output.rawValue).svg", caption: Self.captions[output] ?? "",
                        dataFileName: "\(output.rawValue).csv"))
            }
        }
        if !results.checks.isEmpty {
            let table = CSVTable(records: checkRows)
            try save(table, "checks.csv")
            tables.append(.init(fileName: "checks.csv", caption: Self.checksCaption, table: table))
        }
        let runCount = Set(PaperOutput.allCases.flatMap { results.runIDs(of: $0) }).count
        let page = IndexPage(
            profile: results.profile.rawValue,
            provenance: "msdb \(MSDBVersion.current), engine \(EngineVersion.current), profile "
                + "\(results.profile.rawValue): \(runCount) runs behind the tables and curves; "
                + "every row and figure names its run and artifact ids.",
            tables: tables, figures: figures, data: dataSections)
        try save(page.html, "index.html")
        return written
    }

    public static let captions: [PaperOutput: String] = [
        .table2: "Table 2. mIoU (%) of DeepLabv3 on the multi-class set under random sampling and flipping.",
        .table3:
            "Table 3. Dice, AUC and ACC (%) per method on the ER-, MITO- and NUC-like sets (mean, std, runs).",
        .fig2:
            "Figure 2. Test Dice per epoch on ER under random sampling (A) and random flipping (B); U-Net solid, DeepLabv3+ dashed.",
        .fig3:
            "Figure 3. Multi-class: an image with its clean and noisy labels (A); test images, labels and predictions (B).",
        .fig4:
            "Figure 4. (A) Morphological labels (dilation, erosion, skeleton); (B) random labels at P = 0.1…0.5.",
        .fig5:
            "Figure 5. Learning curves on ER: CL, RF 0.49, RL 0.1 (A); CL vs PCL (B); Dice and training loss under RL (C).",
        .fig6:
            "Figure 6. Toy circle-in-rectangle: ground truth, RCL (rank 2) and RL (rank 1) with their NTMs and KDE maps.",
    ]

    static let checksCaption =
        "The paper's claims checked on these runs, under each threshold rule (searched: the threshold "
        + "that maximises pooled test IoU, as the official evaluation picks it)."

    private var checkRows: [CheckRow] {
        results.checks.map { check in
            CheckRow(
                check: check.name, rule: check.rule.rawValue, claim: check.claim,
                measured: check.measurements.map { ($0.name, $0.value) }, holds: check.holds,
                runIDs: check.runIDs.map(\.hex))
        }
    }

    private var table2Rows: [Table2Row] {
        results.table2.map { cell in
            Table2Row(
                dataset: cell.dataset, model: cell.method, noise: cell.noise, ratio: cell.ratio,
                miou: RepeatSummary(values: cell.values["miou"] ?? []), runIDs: cell.runIDs.map(\.hex))
        }.stamped(datasetID(.scenes))
    }

    /// The manifest id of the dataset behind `role`, or empty when it is not recorded.
    private func datasetID(_ role: DatasetRole) -> String {
        results.datasets[role.rawValue]?.id.hex ?? ""
    }

    /// The index page's data section: every dataset the plan read, with the outputs that read it.
    private var dataSections: [IndexPage.DataSection] {
        DatasetRole.allCases.compactMap { role in
            guard let dataset = results.datasets[role.rawValue] else { return nil }
            return IndexPage.DataSection(
                role: role.rawValue, name: dataset.name, id: dataset.id.hex, real: dataset.imported,
                summary: dataset.summary,
                usedBy: plan.outputs.filter { PaperResults.roles(of: $0).contains(role) }.map(\.rawValue))
        }
    }

    private var table3Rows: [Table3Row] {
        results.table3.map { cell in
            Table3Row(
                dataset: cell.dataset, method: cell.method,
                dice: RepeatSummary(values: cell.values["dice"] ?? []),
                auc: RepeatSummary(values: cell.values["auc"] ?? []),
                acc: RepeatSummary(values: cell.values["accuracy"] ?? []), runIDs: cell.runIDs.map(\.hex),
                diceSearched: RepeatSummary(values: cell.values[PaperResults.searchedDiceMetric] ?? []))
        }.map { $0.stamped(DatasetRole(rawValue: $0.dataset).map(datasetID) ?? "") }
    }

    /// One point per run and epoch of the `dice` curves, with the same run's `dice_searched` value.
    private var figure2Points: [Figure2Point] {
        var searched: [ContentID: [Double: Double]] = [:]
        for series in results.figure2 where series.metric == PaperResults.searchedDiceMetric {
            searched[series.runID] = Dictionary(zip(series.x, series.y)) { first, _ in first }
        }
        return results.figure2.filter { $0.metric == "dice" }.flatMap { series in
            zip(series.x, series.y).map { x, y in
                Figure2Point(
                    panel: series.panel, model: series.model, noise: series.noise, ratio: series.ratio,
                    epoch: Int(x), dice: y, runID: series.runID.hex, diceSearched: searched[series.runID]?[x])
            }
        }.stamped(datasetID(.er))
    }

    private var figure5Points: [Figure5Point] {
        results.figure5.flatMap { series in
            zip(series.x, series.y).map { x, y in
                Figure5Point(
                    panel: series.panel, noise: series.noise, ratio: series.ratio,
                    metric: Figure5Point.Metric(rawValue: series.metric) ?? .dice, x: Int(x), value: y,
                    runID: series.runID.hex)
            }
        }.stamped(datasetID(.er))
    }

    private var figure6Rows: [Figure6Row] {
        results.figure6.map { label in
            Figure6Row(
                label: label.label, rank: label.rank, ntm: label.matrix,
                kdeCorrelation: label.kdeCorrelationWithTruth.isNaN ? nil : label.kdeCorrelationWithTruth,
                artifactID: label.labelID.hex)
        }.stamped(datasetID(.toy))
    }

    private static func cell(_ picture: PaperResults.Picture) -> ImageGridCell {
        ImageGridCell(
            panel: picture.panel, row: picture.row, col: picture.column, caption: picture.caption,
            artifactID: picture.artifactID.hex, image: picture.image)
    }

    private func grid(_ output: PaperOutput, cells: [ImageGridCell]) -> ImageGrid {
        if output == .fig3 {
            return ImageGrid(
                title: "Figure 3. Multi-class labels and predictions (DeepLabv3)",
                panels: [
                    .init(name: "A", title: "A  Training image, clean and noisy labels"),
                    .init(
                        name: "B", title: "B  Test images, labels and predictions",
                        rowHeaders: ["test 1", "test 2"]),
                ], cells: cells)
        }
        return ImageGrid(
            title: "Figure 4. Noisy labels without training",
            panels: [
                .init(name: "A", title: "A  Pixel-wise corrupted labels (PCL) of an ER test image"),
                .init(name: "B", title: "B  Random labels (RL) at P_generate 0.1 … 0.5"),
            ], cells: cells)
    }

    static func toyName(_ label: String) -> String {
        switch label {
        case "cl": "Ground truth"
        case "rf": "RCL (RF 0.3)"
        case "rl": "RL (P 0.3)"
        default: label
        }
    }
}
