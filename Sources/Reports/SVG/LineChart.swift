/// A figure of line charts: one or more panels laid out in a grid, each with axes, nice ticks,
/// gridlines, axis titles, a heading and a legend to the right of its plot area.
///
/// Everything is drawn with SVG primitives; series are clipped to their plot area. The layout is a
/// pure function of the input, so the same chart gives the same bytes.
public struct LineChart: Sendable, Equatable {
    public var title: String
    public var panels: [ChartPanel]
    /// Panels per row; further panels wrap to the next row.
    public var columns: Int
    /// Size of each plot area in pixels (axes and legend come on top).
    public var plotWidth: Double
    public var plotHeight: Double

    public init(
        title: String, panels: [ChartPanel], columns: Int? = nil, plotWidth: Double = 320,
        plotHeight: Double = 240
    ) {
        precondition(!panels.isEmpty, "a line chart needs at least one panel")
        precondition(
            plotWidth > 0 && plotHeight > 0, "plot size must be positive, got \(plotWidth)x\(plotHeight)")
        self.title = title
        self.panels = panels
        self.columns = max(1, min(columns ?? panels.count, panels.count))
        self.plotWidth = plotWidth
        self.plotHeight = plotHeight
    }

    // Layout constants in pixels.
    private static let titleHeight = 36.0
    private static let panelTitleHeight = 28.0
    private static let leftMargin = 62.0
    private static let bottomMargin = 50.0
    private static let legendGap = 16.0
    private static let legendLine = 26.0
    private static let legendRow = 17.0
    private static let tickSize = 11.0
    private static let labelSize = 12.0
    private static let legendSize = 11.0
    private static let rightPadding = 14.0

    private func legendWidth(_ panel: ChartPanel) -> Double {
        let widest = panel.series.map { SVGCanvas.textWidth($0.name, size: Self.legendSize) }.max() ?? 0
        return panel.series.isEmpty ? 0 : Self.legendGap + Self.legendLine + 6 + widest
    }

    /// The SVG document, with `metadata` in its `<metadata>` element.
    public func svg(metadata: FigureMetadata) -> String {
        let legend = panels.map(legendWidth).max() ?? 0
        let cellWidth = Self.leftMargin + plotWidth + legend + Self.rightPadding
        let legendHeight = panels.map { Double($0.series.count) * Self.legendRow }.max() ?? 0
        let cellHeight = Self.panelTitleHeight + max(plotHeight, legendHeight) + Self.bottomMargin
        let rows = (panels.count + columns - 1) / columns
        var canvas = SVGCanvas(
            width: max(cellWidth * Double(columns), SVGCanvas.titleWidth(title)),
            height: Self.titleHeight + cellHeight * Double(rows) + 6)
        canvas.text(title, x: canvas.width / 2, y: 24, size: 16, anchor: .middle, bold: true)
        for (index, panel) in panels.enumerated() {
            let originX = cellWidth * Double(index % columns)
            let originY = Self.titleHeight + cellHeight * Double(index / columns)
            draw(panel, index: index, originX: originX, originY: originY, canvas: &canvas)
        }
        return canvas.document(title: title, metadata: metadata)
    }

    private func draw(
        _ panel: ChartPanel, index: Int, originX: Double, originY: Double, canvas: inout SVGCanvas
    ) {
        let left = originX + Self.leftMargin
        let top = originY + Self.panelTitleHeight
        let right = left + plotWidth
        let bottom = top + plotHeight
        let xScale = panel.scale(horizontal: true)
        let yScale = panel.scale(horizontal: false)
        func px(_ x: Double) -> Double {
            left + (x - xScale.lower) / (xScale.upper - xScale.lower) * plotWidth
        }
        func py(_ y: Double) -> Double {
            bottom - (y - yScale.lower) / (yScale.upper - yScale.lower) * plotHeight
        }

        canvas.text(panel.title, x: left, y: originY + 18, size: 13, bold: true)
        // Gridlines and ticks.
        for (value, label) in zip(yScale.ticks, yScale.labels) {
            let y = py(value)
            canvas.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e3e3e3")
            canvas.line(x1: left - 4, y1: y, x2: left, y2: y, stroke: "#444444")
            canvas.text(label, x: left - 7, y: y + 4, size: Self.tickSize, anchor: .end)
        }
        for (value, label) in zip(xScale.ticks, xScale.labels) {
            let x = px(value)
            canvas.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#f0f0f0")
            canvas.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: "#444444")
            canvas.text(label, x: x, y: bottom + 17, size: Self.tickSize, anchor: .middle)
        }
        // Series, clipped to the plot area.
        let clipID = "plot-\(index)"
        canvas.raw(
            "<clipPath id=\"\(clipID)\"><rect x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(top))\" "
                + "width=\"\(SVGText.number(plotWidth))\" height=\"\(SVGText.number(plotHeight))\"/></clipPath>"
        )
        canvas.raw("<g clip-path=\"url(#\(clipID))\">")
        for series in panel.series {
            for run in Self.finiteRuns(series.points) {
                let points = run.map { (px($0.x), py($0.y)) }
                canvas.polyline(
                    points: points, stroke: Palette.color(series.colorIndex), width: 1.8,
                    dash: series.dashed ? "6 4" : nil)
            }
        }
        canvas.raw("</g>")
        // Axes on top of the data.
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444444")
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444444")
        canvas.text(
            panel.xLabel, x: (left + right) / 2, y: bottom + 38, size: Self.labelSize, anchor: .middle)
        canvas.text(
            panel.yLabel, x: originX + 16, y: (top + bottom) / 2, size: Self.labelSize, anchor: .middle,
            rotate: -90)
        // Legend.
        let legendX = right + Self.legendGap
        for (row, series) in panel.series.enumerated() {
            let y = top + 8 + Double(row) * Self.legendRow
            canvas.line(
                x1: legendX, y1: y, x2: legendX + Self.legendLine, y2: y,
                stroke: Palette.color(series.colorIndex),
                width: 2, dash: series.dashed ? "6 4" : nil)
            canvas.text(series.name, x: legendX + Self.legendLine + 6, y: y + 4, size: Self.legendSize)
        }
    }

    /// Splits points into runs of finite values, so a missing sample breaks the line.
    static func finiteRuns(_ points: [Series.Point]) -> [[Series.Point]] {
        var runs: [[Series.Point]] = [[]]
        for point in points {
            if point.x.isFinite && point.y.isFinite {
                runs[runs.count - 1].append(point)
            } else if !(runs.last?.isEmpty ?? true) {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }
}
