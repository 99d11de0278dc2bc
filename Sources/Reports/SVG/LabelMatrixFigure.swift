public import Imaging

/// Figure 6: for each label of the toy, the mask, its noise transition matrix (annotated cells) and
/// its KDE map (a heatmap with a colour bar), one row per label.
///
/// KDE maps are shown as density relative to a uniform one (value × pixel count, so 1 means "as
/// dense as spreading the foreground evenly"), on one colour range shared by all rows so that maps
/// can be compared by colour.
public struct LabelMatrixFigure: Sendable, Equatable {
    /// One label of the figure.
    public struct Row: Sendable, Equatable {
        /// Row heading, e.g. `RCL (RF 0.3)`.
        public var name: String
        public var rank: Int
        /// The label, display-ready (see `DisplayImage.mask`).
        public var mask: Image
        /// Q(y*|y), square.
        public var ntm: [[Double]]
        /// The KDE map, normalised to sum 1 (as `Imaging.KDEMap` gives it).
        public var kde: Plane
        public var artifactIDs: [String]

        public init(name: String, rank: Int, mask: Image, ntm: [[Double]], kde: Plane, artifactIDs: [String])
        {
            self.name = name
            self.rank = rank
            self.mask = mask
            self.ntm = ntm
            self.kde = kde
            self.artifactIDs = artifactIDs
        }
    }

    public var title: String
    public var rows: [Row]
    public var cellSize: Double

    public init(title: String, rows: [Row], cellSize: Double = 150) {
        self.title = title
        self.rows = rows
        self.cellSize = cellSize
    }

    /// The SVG document; `metadata` is merged with every row's artifact ids.
    public func svg(metadata: FigureMetadata) throws -> String {
        guard !rows.isEmpty else { throw ReportsError.emptyFigure(name: title) }
        let relative = rows.map { row in row.kde.values.map { $0 * Double(row.kde.values.count) } }
        let finite = relative.flatMap { $0 }.filter(\.isFinite)
        let high = finite.max() ?? 1
        let sharedRange = 0...(high > 0 ? high : 1)
        let labelWidth = 120.0
        let rowHeight = cellSize + 60
        let ntmX = labelWidth + cellSize + 80
        let kdeX = ntmX + cellSize + 40
        let width = max(kdeX + cellSize + MatrixHeatmap.colorBarSpace + 20, SVGCanvas.titleWidth(title))
        var canvas = SVGCanvas(width: width, height: 46 + rowHeight * Double(rows.count))
        canvas.text(title, x: width / 2, y: 24, size: 16, anchor: .middle, bold: true)
        for (index, row) in rows.enumerated() {
            let top = 40 + rowHeight * Double(index)
            canvas.text(row.name, x: 10, y: top + 22 + cellSize / 2, size: 13, bold: true)
            canvas.text("rank \(row.rank)", x: 10, y: top + 40 + cellSize / 2, size: 12)
            canvas.text(
                "label", x: labelWidth + cellSize / 2, y: top + 14, size: 12, anchor: .middle, bold: true)
            let png: [UInt8]
            do {
                png = try ImageFile.pngData(row.mask)
            } catch {
                throw ReportsError.imageEncoding(
                    artifactID: row.artifactIDs.first ?? row.name, reason: "\(error)")
            }
            canvas.image(x: labelWidth, y: top + 22, width: cellSize, height: cellSize, png: png)
            canvas.rect(
                x: labelWidth, y: top + 22, width: cellSize, height: cellSize, fill: "none", stroke: "#999999"
            )
            let size = row.ntm.count
            let ntm = try MatrixHeatmap(
                title: "NTM Q(y*|y)", rows: size, columns: row.ntm.first?.count ?? 0,
                values: row.ntm.flatMap { $0 },
                annotated: true, decimals: 3, range: 0...1, showsColorBar: false,
                rowLabels: (0..<size).map(String.init), columnLabels: (0..<size).map(String.init),
                rowTitle: "y",
                columnTitle: "y*", size: cellSize - MatrixHeatmap.headerSpace)
            try ntm.draw(into: &canvas, x: ntmX - MatrixHeatmap.headerSpace, y: top)
            let kde = try MatrixHeatmap(
                title: "KDE map (density / uniform)", rows: row.kde.height, columns: row.kde.width,
                values: relative[index], annotated: false, decimals: 1, range: sharedRange, size: cellSize)
            try kde.draw(into: &canvas, x: kdeX, y: top)
        }
        let merged = FigureMetadata(
            runIDs: metadata.runIDs, artifactIDs: metadata.artifactIDs + rows.flatMap(\.artifactIDs))
        return canvas.document(title: title, metadata: merged)
    }
}
