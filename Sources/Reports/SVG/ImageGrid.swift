internal import Imaging

/// A figure of pictures in a grid (Figures 3 and 4): one or more panels stacked vertically, each
/// with a heading, column headers above and row headers to the left, and a caption under every
/// picture. Pictures are embedded as PNG `data:` URIs, drawn square-pixelled.
public struct ImageGrid: Sendable, Equatable {
    /// One block of the grid, e.g. Figure 4 (A) PCL examples.
    public struct Panel: Sendable, Equatable {
        /// Matches `ImageGridCell.panel`.
        public var name: String
        public var title: String
        /// Header per row and per column; may be empty or shorter than the grid.
        public var rowHeaders: [String]
        public var columnHeaders: [String]

        public init(name: String, title: String, rowHeaders: [String] = [], columnHeaders: [String] = []) {
            self.name = name
            self.title = title
            self.rowHeaders = rowHeaders
            self.columnHeaders = columnHeaders
        }
    }

    public var title: String
    public var panels: [Panel]
    public var cells: [ImageGridCell]
    /// Displayed size of the longer side of each picture, in pixels.
    public var cellSize: Double

    public init(title: String, panels: [Panel], cells: [ImageGridCell], cellSize: Double = 128) {
        self.title = title
        self.panels = panels
        self.cells = cells
        self.cellSize = cellSize
    }

    /// A single-panel grid.
    public init(
        title: String, rowHeaders: [String], columnHeaders: [String], cells: [ImageGridCell],
        cellSize: Double = 128
    ) {
        let name = cells.first?.panel ?? ""
        self.init(
            title: title,
            panels: [Panel(name: name, title: "", rowHeaders: rowHeaders, columnHeaders: columnHeaders)],
            cells: cells, cellSize: cellSize)
    }

    private static let gap = 10.0
    private static let captionHeight = 18.0

    /// The SVG document. `metadata` is merged with every cell's artifact id. Throws when a picture
    /// cannot be encoded or a figure has no cells.
    public func svg(metadata: FigureMetadata) throws -> String {
        guard !cells.isEmpty else { throw ReportsError.emptyFigure(name: title) }
        let layouts = panels.map { panel in
            let own = cells.filter { $0.panel == panel.name }
            let rowCount = max(own.map(\.row).max().map { $0 + 1 } ?? 0, panel.rowHeaders.count)
            let columnCount = max(own.map(\.col).max().map { $0 + 1 } ?? 0, panel.columnHeaders.count)
            return (panel: panel, cells: own, rows: rowCount, columns: columnCount)
        }
        let headerWidth =
            (panels.flatMap(\.rowHeaders).map { SVGCanvas.textWidth($0, size: 12) }.max() ?? 0) + 16
        let step = cellSize + Self.gap
        let widest = layouts.map(\.columns).max() ?? 1
        var panelTops: [Double] = []
        var y = 40.0
        for layout in layouts {
            panelTops.append(y)
            let heading = layout.panel.title.isEmpty ? 0 : 24.0
            let columnHeads = layout.panel.columnHeaders.isEmpty ? 0 : 20.0
            y += heading + columnHeads + Double(layout.rows) * (step + Self.captionHeight) + 8
        }
        let contentWidth = 20 + headerWidth + Double(widest) * step
        var canvas = SVGCanvas(width: max(contentWidth, SVGCanvas.titleWidth(title)), height: y + 6)
        // Centre the grid when the title made the canvas wider than the pictures.
        let margin = 10 + (canvas.width - contentWidth) / 2
        canvas.text(title, x: canvas.width / 2, y: 24, size: 16, anchor: .middle, bold: true)
        for (layout, top) in zip(layouts, panelTops) {
            var cursor = top
            if !layout.panel.title.isEmpty {
                canvas.text(layout.panel.title, x: margin, y: cursor + 16, size: 13, bold: true)
                cursor += 24
            }
            let left = margin + headerWidth
            if !layout.panel.columnHeaders.isEmpty {
                for (column, header) in layout.panel.columnHeaders.enumerated() {
                    canvas.text(
                        header, x: left + Double(column) * step + cellSize / 2, y: cursor + 14, size: 12,
                        anchor: .middle)
                }
                cursor += 20
            }
            for (row, header) in layout.panel.rowHeaders.enumerated() {
                let rowY = cursor + Double(row) * (step + Self.captionHeight) + cellSize / 2
                canvas.text(header, x: left - 10, y: rowY + 4, size: 12, anchor: .end)
            }
            for cell in layout.cells.sorted(by: { ($0.row, $0.col) < ($1.row, $1.col) }) {
                let cellX = left + Double(cell.col) * step
                let cellY = cursor + Double(cell.row) * (step + Self.captionHeight)
                let aspect = Double(cell.image.height) / Double(cell.image.width)
                let width = aspect > 1 ? cellSize / aspect : cellSize
                let height = aspect > 1 ? cellSize : cellSize * aspect
                let png: [UInt8]
                do {
                    png = try ImageFile.pngData(cell.image)
                } catch {
                    throw ReportsError.imageEncoding(artifactID: cell.artifactID, reason: "\(error)")
                }
                canvas.image(
                    x: cellX + (cellSize - width) / 2, y: cellY + (cellSize - height) / 2, width: width,
                    height: height,
                    png: png)
                canvas.rect(
                    x: cellX, y: cellY, width: cellSize, height: cellSize, fill: "none", stroke: "#999999")
                canvas.text(
                    cell.caption, x: cellX + cellSize / 2, y: cellY + cellSize + 14, size: 11, anchor: .middle
                )
            }
        }
        let merged = FigureMetadata(
            runIDs: metadata.runIDs, artifactIDs: metadata.artifactIDs + cells.map(\.artifactID))
        return canvas.document(title: title, metadata: merged)
    }
}
