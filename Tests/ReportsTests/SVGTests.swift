import Foundation
import Imaging
import Reports
import Testing

struct SVGTests {
    private func wellFormed(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> XMLProbe {
        let probe = XMLProbe()
        let error = probe.parse(svg)
        #expect(
            error == nil, "svg is not well-formed XML: \(String(describing: error))",
            sourceLocation: sourceLocation)
        #expect(probe.elements.first == "svg", sourceLocation: sourceLocation)
        return probe
    }

    @Test func figureTwoMatchesItsSnapshotAndCarriesEveryRunID() throws {
        let points = SampleReport.figure2
        let metadata = FigureMetadata(runIDs: points.map(\.runID))
        let svg = try PaperFigures.figure2(points).svg(metadata: metadata)
        try Snapshot.check(svg, named: "fig2.svg")
        let probe = wellFormed(svg)
        #expect(Set(probe.ids(of: "msdb:run")) == Set(points.map(\.runID)))
        // 2 panels x 2 models x 4 ratios, DeepLabv3+ dashed: 16 curves, 8 dashed, plus legend lines.
        #expect(probe.elements.filter { $0 == "polyline" }.count == 16)
        let dashed = zip(probe.elements, probe.attributes).filter {
            $0.0 == "polyline" && $0.1["stroke-dasharray"] != nil
        }
        #expect(dashed.count == 8)
    }

    @Test func figureFiveHasFourPanelsAndMatchesItsSnapshot() throws {
        let points = SampleReport.figure5
        let chart = try PaperFigures.figure5(points)
        #expect(
            chart.panels.map(\.title) == [
                "A  CL, RF and RL", "B  CL vs PCL (morphology)", "C  Dice under RL",
                "C  Training loss under RL",
            ])
        #expect(chart.panels[3].xLabel == "Step")
        let svg = chart.svg(metadata: FigureMetadata(runIDs: points.map(\.runID)))
        try Snapshot.check(svg, named: "fig5.svg")
        _ = wellFormed(svg)
    }

    @Test func figuresDrawDiceAtTheSearchedThresholdWhenEveryPointHasIt() throws {
        let points = SampleReport.figure2
        let searched = try PaperFigures.figure2(points)
        #expect(searched.panels.allSatisfy { $0.yLabel == PaperFigures.searchedAxisLabel })
        let last = try #require(searched.panels[0].series.first?.points.last)
        let source = try #require(points.first { $0.panel == "A" && $0.model == "unet" && $0.epoch == 20 })
        #expect(abs(last.y - 100 * (source.diceSearched ?? .nan)) < 1e-9)
        // One point without it (a run older than engine 4): the whole figure falls back to 0.5.
        var mixed = points
        mixed[0].diceSearched = nil
        let fallback = try PaperFigures.figure2(mixed)
        #expect(fallback.panels.allSatisfy { $0.yLabel == "Test Dice (%)" })
        let plain = try #require(fallback.panels[0].series.first?.points.last)
        #expect(abs(plain.y - 100 * source.dice) < 1e-9)

        let figure5 = try PaperFigures.figure5(SampleReport.figure5)
        #expect(figure5.panels.map(\.yLabel).filter { $0 == PaperFigures.searchedAxisLabel }.count == 3)
        let onlyAtHalf = try PaperFigures.figure5(SampleReport.figure5.filter { $0.metric != .diceSearched })
        #expect(
            onlyAtHalf.panels.map(\.yLabel) == [
                "Test Dice (%)", "Test Dice (%)", "Test Dice (%)", "Training loss",
            ])
    }

    @Test func theSamePointsInAnotherOrderGiveTheSameBytes() throws {
        let points = SampleReport.figure2
        let metadata = FigureMetadata(runIDs: points.map(\.runID))
        let forward = try PaperFigures.figure2(points).svg(metadata: metadata)
        let backward = try PaperFigures.figure2(points.reversed())
            .svg(metadata: FigureMetadata(runIDs: points.map(\.runID).reversed()))
        #expect(forward == backward)
    }

    @Test func imageGridsEmbedPNGsAndMatchTheirSnapshot() throws {
        let cells = SampleReport.figure4
        let grid = ImageGrid(
            title: "Figure 4. PCL and RL labels of the toy",
            panels: [
                ImageGrid.Panel(name: "A", title: "A  PCL", rowHeaders: ["toy"]),
                ImageGrid.Panel(name: "B", title: "B  RL at P_generate", rowHeaders: ["toy"]),
            ],
            cells: cells)
        let svg = try grid.svg(metadata: FigureMetadata(runIDs: ["run-<&>"]))
        try Snapshot.check(svg, named: "fig4.svg")
        let probe = wellFormed(svg)
        let images = zip(probe.elements, probe.attributes).filter { $0.0 == "image" }
        #expect(images.count == cells.count)
        #expect(images.allSatisfy { $0.1["href"]?.hasPrefix("data:image/png;base64,iVBORw0KGgo") ?? false })
        #expect(Set(probe.ids(of: "msdb:artifact")) == Set(cells.map(\.artifactID)))
        #expect(probe.ids(of: "msdb:run") == ["run-<&>"])
    }

    @Test func theEmbeddedPNGDecodesBackToTheCellImage() throws {
        let cell = try #require(SampleReport.figure4.first)
        let svg = try ImageGrid(title: "one", rowHeaders: [], columnHeaders: [], cells: [cell])
            .svg(metadata: FigureMetadata())
        let probe = wellFormed(svg)
        let href = try #require(zip(probe.elements, probe.attributes).first { $0.0 == "image" }?.1["href"])
        let data = try #require(Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))))
        #expect(try ImageFile.decodePNG([UInt8](data)) == cell.image)
    }

    @Test func figureSixShowsMasksMatricesAndKDEMapsAndMatchesItsSnapshot() throws {
        let (rows, figure) = try SampleReport.figure6()
        let svg = try figure.svg(metadata: FigureMetadata())
        try Snapshot.check(svg, named: "fig6.svg")
        let probe = wellFormed(svg)
        #expect(Set(probe.ids(of: "msdb:artifact")) == Set(rows.map(\.artifactID)))
        // Each row's 2x2 NTM is annotated with its four entries.
        for row in rows {
            for value in row.ntm.flatMap({ $0 }) {
                #expect(probe.text.contains(ReportNumber.fixed(value, decimals: 3)))
            }
        }
        // Three masks and three KDE rasters.
        #expect(probe.elements.filter { $0 == "image" }.count == 6)
    }

    @Test func annotatedHeatmapsPutNumbersInCellsAndAColourBarBeside() throws {
        let heatmap = try MatrixHeatmap(
            title: "Q", rows: 2, columns: 2, values: [0.9, 0.1, 0.2, 0.8], annotated: true, decimals: 2,
            range: 0...1,
            rowLabels: ["0", "1"], columnLabels: ["0", "1"], rowTitle: "y", columnTitle: "y*")
        let svg = try heatmap.svg(metadata: FigureMetadata(runIDs: ["r1"], artifactIDs: ["a1"]))
        try Snapshot.check(svg, named: "heatmap.svg")
        let probe = wellFormed(svg)
        for label in ["0.90", "0.10", "0.20", "0.80", "0.0", "1.0"] {
            #expect(probe.text.contains(label))
        }
        // 4 cells + 64 colour steps, each a rect with a viridis fill.
        let fills = zip(probe.elements, probe.attributes).filter { $0.0 == "rect" }.compactMap {
            $0.1["fill"]
        }
        #expect(fills.contains(Viridis.hex(0.9)))
        #expect(fills.filter { $0 != "none" && $0 != "#ffffff" }.count == 4 + 64)
    }

    @Test func aHeatmapWhoseValuesDoNotFillItsShapeIsRejected() {
        #expect(throws: ReportsError.matrixShape(rows: 2, columns: 2, values: 3)) {
            try MatrixHeatmap(title: "bad", rows: 2, columns: 2, values: [1, 2, 3], annotated: true)
        }
    }

    @Test func textAndIdsAreEscaped() throws {
        let chart = LineChart(
            title: "a < b & \"c\"",
            panels: [
                ChartPanel(
                    title: "p", xLabel: "x", yLabel: "y",
                    series: [Series(name: "<s>", points: [(0, 1), (1, 2)], colorIndex: 0)])
            ])
        let svg = chart.svg(metadata: FigureMetadata(runIDs: ["\"><x"]))
        let probe = wellFormed(svg)
        #expect(probe.ids(of: "msdb:run") == ["\"><x"])
        #expect(probe.text.contains("a < b & \"c\""))
    }

    @Test func aMissingSampleBreaksTheLine() throws {
        let chart = LineChart(
            title: "gap",
            panels: [
                ChartPanel(
                    title: "p", xLabel: "x", yLabel: "y",
                    series: [
                        Series(name: "s", points: [(0, 1), (1, 2), (2, .nan), (3, 1), (4, 2)], colorIndex: 0)
                    ])
            ])
        let probe = wellFormed(chart.svg(metadata: FigureMetadata()))
        #expect(probe.elements.filter { $0 == "polyline" }.count == 2)
    }

    @Test func viridisMatchesMatplotlibWithinFourLevels() {
        // matplotlib.colormaps["viridis"](t) * 255, rounded (matplotlib 3.x); the polynomial fit is off by at most 4 levels (checked at 101 points).
        let reference: [(Double, Int, Int, Int)] = [
            (0, 68, 1, 84), (0.1, 72, 36, 117), (0.25, 59, 82, 139), (0.4, 42, 120, 142), (0.5, 33, 145, 140),
            (0.6, 34, 168, 132), (0.75, 94, 201, 98), (0.9, 189, 223, 38), (1, 253, 231, 37),
        ]
        for (t, red, green, blue) in reference {
            let (r, g, b) = Viridis.rgb(t)
            #expect(abs(Int(r) - red) <= 4 && abs(Int(g) - green) <= 4 && abs(Int(b) - blue) <= 4, "t = \(t)")
        }
    }
}

struct ImageGridLayoutTests {
    @Test func figureThreeHasRowAndColumnHeadersAndMatchesItsSnapshot() throws {
        let grid = ImageGrid(
            title: "Figure 3. Multi-class labels and predictions",
            rowHeaders: ["label", "prediction"], columnHeaders: ["CL", "RF 0.9"], cells: SampleReport.figure3,
            cellSize: 96)
        let svg = try grid.svg(metadata: FigureMetadata(runIDs: ["d200000000"]))
        try Snapshot.check(svg, named: "fig3.svg")
        let probe = XMLProbe()
        #expect(probe.parse(svg) == nil)
        for header in ["label", "prediction", "CL", "RF 0.9", "pred RF 0.9"] {
            #expect(probe.text.contains(header))
        }
    }

    @Test func aNarrowFigureIsWidenedToFitItsTitle() throws {
        let cell = try #require(SampleReport.figure4.first)
        let title = String(repeating: "long title ", count: 8)
        let svg = try ImageGrid(title: title, rowHeaders: [], columnHeaders: [], cells: [cell], cellSize: 40)
            .svg(metadata: FigureMetadata())
        let probe = XMLProbe()
        #expect(probe.parse(svg) == nil)
        let width = try #require(probe.attributes.first?["width"].flatMap(Double.init))
        #expect(width >= Double(title.count) * 16 * 0.6)
    }
}
