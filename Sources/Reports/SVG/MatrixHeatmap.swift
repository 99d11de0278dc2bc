public import Imaging

/// A matrix drawn in viridis colours: either as annotated cells (each cell shows its number, for
/// small matrices such as a noise transition matrix) or as a raster (one pixel per value, embedded
/// as PNG, for maps such as a 256×256 KDE density), optionally with a colour bar.
public struct MatrixHeatmap: Sendable, Equatable {
    public var title: String
    public var rows: Int
    public var columns: Int
    /// Row-major values; non-finite values are drawn in light grey.
    public var values: [Double]
    /// Show each value's number in its cell (drawn as SVG rectangles) instead of a raster image.
    public var annotated: Bool
    /// Decimals of the cell annotations and colour-bar labels.
    public var decimals: Int
    /// The values mapped to the colormap's ends; nil uses the finite data's extent.
    public var range: ClosedRange<Double>?
    public var showsColorBar: Bool
    /// Optional headers, shown for annotated matrices; a list that is not exactly `rows` (or
    /// `columns`) long is dropped rather than drawn misaligned.
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// Axis titles for the row and column headers (e.g. `y` and `y*`).
    public var rowTitle: String
    public var columnTitle: String
    /// Displayed size of the matrix in pixels.
    public var size: Double

    /// A heatmap; throws `matrixShape` when `values` does not fill `rows × columns`.
    public init(
        title: String, rows: Int, columns: Int, values: [Double], annotated: Bool, decimals: Int = 2,
        range: ClosedRange<Double>? = nil, showsColorBar: Bool = true, rowLabels: [String] = [],
        columnLabels: [String] = [], rowTitle: String = "", columnTitle: String = "", size: Double = 160
    ) throws {
        guard rows > 0, columns > 0, values.count == rows * columns else {
            throw ReportsError.matrixShape(rows: rows, columns: columns, values: values.count)
        }
        self.title = title
        self.rows = rows
        self.columns = columns
        self.values = values
        self.annotated = annotated
        self.decimals = decimals
        self.range = range
        self.showsColorBar = showsColorBar
        self.rowLabels = rowLabels.count == rows ? rowLabels : []
        self.columnLabels = columnLabels.count == columns ? columnLabels : []
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.size = size
    }

    /// A raster heatmap of a plane of doubles (e.g. a KDE map).
    public init(
        title: String, plane: Plane, range: ClosedRange<Double>? = nil, decimals: Int = 2, size: Double = 160
    ) throws {
        try self.init(
            title: title, rows: plane.height, columns: plane.width, values: plane.values, annotated: false,
            decimals: decimals, range: range, size: size)
    }

    /// The colormap's range: the given one, or the data's (widened when flat).
    var effectiveRange: ClosedRange<Double> {
        if let range, range.upperBound > range.lowerBound { return range }
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return high > low ? low...high : (low - 0.5)...(high + 0.5)
    }

    func fraction(_ value: Double) -> Double {
        let range = effectiveRange
        return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
    }

    static let headerSpace = 34.0
    static let colorBarSpace = 70.0

    /// Width and height this heatmap occupies when drawn (headers, title and colour bar included).
    var footprint: (width: Double, height: Double) {
        let headers = annotated && !rowLabels.isEmpty ? Self.headerSpace : 0
        let bar = showsColorBar ? Self.colorBarSpace : 0
        let top = 22 + (annotated && !columnLabels.isEmpty ? Self.headerSpace : 0)
        return (headers + size + bar, top + size + 4)
    }

    /// The heatmap alone as an SVG document.
    public func svg(metadata: FigureMetadata) throws -> String {
        let footprint = footprint
        var canvas = SVGCanvas(width: footprint.width + 20, height: footprint.height + 20)
        try draw(into: &canvas, x: 10, y: 10)
        return canvas.document(title: title, metadata: metadata)
    }

    /// Draws the heatmap with its top-left corner at (x, y).
    func draw(into canvas: inout SVGCanvas, x: Double, y: Double) throws {
        let headers = annotated && !rowLabels.isEmpty ? Self.headerSpace : 0
        let top = y + 22 + (annotated && !columnLabels.isEmpty ? Self.headerSpace : 0)
        let left = x + headers
        canvas.text(title, x: left + size / 2, y: y + 14, size: 12, anchor: .middle, bold: true)
        let cellWidth = size / Double(columns)
        let cellHeight = size / Double(rows)
        if annotated {
            drawHeaders(into: &canvas, left: left, top: top, cellWidth: cellWidth, cellHeight: cellHeight)
            for row in 0..<rows {
                for column in 0..<columns {
                    let value = values[row * columns + column]
                    let cellX = left + Double(column) * cellWidth
                    let cellY = top + Double(row) * cellHeight
                    let fill = value.isFinite ? Viridis.hex(fraction(value)) : "#dddddd"
                    canvas.rect(
                        x: cellX, y: cellY, width: cellWidth, height: cellHeight, fill: fill,
                        stroke: "#ffffff")
                    let ink = value.isFinite && Viridis.isDark(fraction(value)) ? "#ffffff" : "#111111"
                    canvas.text(
                        ReportNumber.fixed(value, decimals: decimals), x: cellX + cellWidth / 2,
                        y: cellY + cellHeight / 2 + 5, size: min(14, cellHeight * 0.3), anchor: .middle,
                        fill: ink)
                }
            }
        } else {
            canvas.image(
                x: left, y: top, width: size, height: size * Double(rows) / Double(columns), png: try raster()
            )
        }
        if showsColorBar {
            drawColorBar(into: &canvas, x: left + size + 12, top: top, height: size)
        }
    }

    private func drawHeaders(
        into canvas: inout SVGCanvas, left: Double, top: Double, cellWidth: Double, cellHeight: Double
    ) {
        for (column, label) in columnLabels.enumerated() {
            canvas.text(
                label, x: left + (Double(column) + 0.5) * cellWidth, y: top - 6, size: 11, anchor: .middle)
        }
        if !columnLabels.isEmpty && !columnTitle.isEmpty {
            canvas.text(columnTitle, x: left + size / 2, y: top - 22, size: 11, anchor: .middle)
        }
        for (row, label) in rowLabels.enumerated() {
            canvas.text(
                label, x: left - 6, y: top + (Double(row) + 0.5) * cellHeight + 4, size: 11, anchor: .end)
        }
        if !rowLabels.isEmpty && !rowTitle.isEmpty {
            canvas.text(rowTitle, x: left - 24, y: top + size / 2, size: 11, anchor: .middle, rotate: -90)
        }
    }

    /// A vertical bar of 64 computed colour steps with nice ticks inside the range.
    private func drawColorBar(into canvas: inout SVGCanvas, x: Double, top: Double, height: Double) {
        let steps = 64
        let stepHeight = height / Double(steps)
        for step in 0..<steps {
            let t = (Double(step) + 0.5) / Double(steps)
            canvas.rect(
                x: x, y: top + height - Double(step + 1) * stepHeight, width: 12, height: stepHeight + 0.3,
                fill: Viridis.hex(t))
        }
        canvas.raw(
            "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"12\" "
                + "height=\"\(SVGText.number(height))\" fill=\"none\" stroke=\"#444444\" stroke-width=\"0.8\"/>"
        )
        let range = effectiveRange
        let scale = NiceScale(minimum: range.lowerBound, maximum: range.upperBound, maxTicks: 5)
        let tolerance = scale.step * 1e-9
        for (value, label) in zip(scale.ticks, scale.labels)
        where value >= range.lowerBound - tolerance && value <= range.upperBound + tolerance {
            let y = top + height - fraction(value) * height
            canvas.line(x1: x + 12, y1: y, x2: x + 15, y2: y, stroke: "#444444")
            canvas.text(label, x: x + 18, y: y + 4, size: 10)
        }
    }

    /// The values as an 8-bit RGB PNG, one pixel per value.
    func raster() throws -> [UInt8] {
        var samples: [UInt16] = []
        samples.reserveCapacity(values.count * 3)
        for value in values {
            let (red, green, blue) = value.isFinite ? Viridis.rgb(fraction(value)) : (221, 221, 221)
            samples += [UInt16(red), UInt16(green), UInt16(blue)]
        }
        let image = Image(width: columns, height: rows, channels: 3, bitDepth: .eight, samples: samples)
        do {
            return try ImageFile.pngData(image)
        } catch {
            throw ReportsError.imageEncoding(artifactID: title, reason: "\(error)")
        }
    }
}
