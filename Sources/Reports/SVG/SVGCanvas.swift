/// An SVG document assembled line by line, with a fixed header and the provenance metadata.
///
/// Text uses one font stack and sizes in pixels; coordinates go through `SVGText.number`, so the
/// same drawing calls always give the same bytes.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body: [String] = []

    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func raw(_ line: String) { body.append("  " + line) }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        let n = SVGText.number
        var attributes =
            "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        raw("<line \(attributes)/>")
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil
    ) {
        let n = SVGText.number
        var attributes =
            "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        raw("<rect \(attributes)/>")
    }

    enum Anchor: String {
        case start, middle, end
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, bold: Bool = false,
        rotate: Double? = nil, fill: String = "#222222"
    ) {
        let n = SVGText.number
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if fill != "#222222" { attributes += " fill=\"\(fill)\"" }
        if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        raw("<text \(attributes)>\(SVGText.escape(content))</text>")
    }

    mutating func polyline(points: [(Double, Double)], stroke: String, width: Double, dash: String?) {
        let n = SVGText.number
        let coordinates = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        var attributes =
            "points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        raw("<polyline \(attributes)/>")
    }

    mutating func image(x: Double, y: Double, width: Double, height: Double, png: [UInt8]) {
        let n = SVGText.number
        raw(
            "<image x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" "
                + "preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" "
                + "href=\"data:image/png;base64,\(Base64.encode(png))\"/>")
    }

    /// The finished document with `title` and `metadata`.
    func document(title: String, metadata: FigureMetadata) -> String {
        let n = SVGText.number
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(Self.fontFamily)\">\n"
        output += "  <title>\(SVGText.escape(title))</title>\n"
        output += metadata.svgElement
        output += "  <rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        for line in body { output += line + "\n" }
        output += "</svg>\n"
        return output
    }

    /// The canvas width a 16 px bold figure title needs, with a margin each side.
    static func titleWidth(_ title: String) -> Double {
        textWidth(title, size: 16) * 1.1 + 40
    }

    /// Approximate rendered width of `text` at `size` px, for layout (no font metrics available).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}
