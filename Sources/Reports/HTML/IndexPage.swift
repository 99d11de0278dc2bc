/// `index.html`: one page that shows every table (rendered from its CSV rows) and every figure (the
/// SVG files beside it), with the profile and a provenance line. No scripts, no dates, no external
/// resources; the same input gives the same bytes.
public struct IndexPage: Sendable, Equatable {
    /// A table section: its heading and its CSV, whose file is linked.
    public struct TableSection: Sendable, Equatable {
        public var fileName: String
        public var caption: String
        public var table: CSVTable

        public init(fileName: String, caption: String, table: CSVTable) {
            self.fileName = fileName
            self.caption = caption
            self.table = table
        }
    }

    /// A figure section: the SVG file shown with `<img>`, and its data file, linked when given.
    public struct FigureSection: Sendable, Equatable {
        public var fileName: String
        public var caption: String
        public var dataFileName: String?

        public init(fileName: String, caption: String, dataFileName: String? = nil) {
            self.fileName = fileName
            self.caption = caption
            self.dataFileName = dataFileName
        }
    }

    /// One dataset behind the page: its role, name, id, origin and a one-line description.
    public struct DataSection: Sendable, Equatable {
        public var role: String
        public var name: String
        public var id: String
        public var real: Bool
        public var summary: String
        /// The tables and figures that read it, e.g. `table3, fig2`.
        public var usedBy: [String]

        public init(role: String, name: String, id: String, real: Bool, summary: String, usedBy: [String]) {
            self.role = role
            self.name = name
            self.id = id
            self.real = real
            self.summary = summary
            self.usedBy = usedBy
        }
    }

    public var title: String
    public var profile: String
    /// One line saying where the numbers come from, e.g. msdb version, database, run count.
    public var provenance: String
    public var tables: [TableSection]
    public var figures: [FigureSection]
    public var data: [DataSection]

    public init(
        title: String = "msdb: Luo et al., AAAI 2022, reproduced", profile: String, provenance: String,
        tables: [TableSection], figures: [FigureSection], data: [DataSection] = []
    ) {
        self.title = title
        self.profile = profile
        self.provenance = provenance
        self.tables = tables
        self.figures = figures
        self.data = data
    }

    /// The columns that hold run ids are long; the page shows them in a smaller monospace font.
    private static let idColumns: Set<String> = ["run_ids", "run_id", "artifact_id", "dataset_id"]

    /// The HTML document.
    public var html: String {
        let e = SVGText.escape
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>\(e(title))</title>",
            "<style>",
            "body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 2em; color: #222; }",
            "table { border-collapse: collapse; margin: 0.5em 0 2em; font-size: 0.9em; }",
            "th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }",
            "th { background: #f2f2f2; } td.text { text-align: left; }",
            "td.ids { text-align: left; font-family: monospace; font-size: 0.75em; max-width: 28em; "
                + "overflow-wrap: anywhere; }",
            "figure { margin: 1em 0 2.5em; } figure img { max-width: 100%; border: 1px solid #eee; }",
            ".provenance { color: #555; font-size: 0.9em; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>\(e(title))</h1>",
            "<p>Profile: <strong>\(e(profile))</strong></p>",
            "<p class=\"provenance\">\(e(provenance))</p>",
        ]
        lines += dataLines
        if !tables.isEmpty { lines.append("<h2>Tables</h2>") }
        for section in tables {
            lines.append(
                "<h3>\(e(section.caption)) (<a href=\"\(e(section.fileName))\">\(e(section.fileName))</a>)</h3>"
            )
            lines.append("<table>")
            lines.append("<tr>" + section.table.header.map { "<th>\(e($0))</th>" }.joined() + "</tr>")
            for row in section.table.rows {
                let cells = zip(section.table.header, row).map { column, field in
                    let kind =
                        Self.idColumns.contains(column) ? "ids" : Double(field) == nil ? "text" : "number"
                    return kind == "number"
                        ? "<td>\(e(field))</td>" : "<td class=\"\(kind)\">\(e(field))</td>"
                }
                lines.append("<tr>" + cells.joined() + "</tr>")
            }
            lines.append("</table>")
        }
        if !figures.isEmpty { lines.append("<h2>Figures</h2>") }
        for section in figures {
            lines.append("<figure>")
            lines.append("<img src=\"\(e(section.fileName))\" alt=\"\(e(section.caption))\">")
            var caption = e(section.caption)
            if let data = section.dataFileName { caption += " (data: <a href=\"\(e(data))\">\(e(data))</a>)" }
            lines.append("<figcaption>\(caption)</figcaption>")
            lines.append("</figure>")
        }
        lines += ["</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The data section: one sentence on real against synthetic, then one row per dataset.
    private var dataLines: [String] {
        guard !data.isEmpty else { return [] }
        let e = SVGText.escape
        let real = data.filter(\.real).map(\.role)
        let synthetic = data.filter { !$0.real }.map(\.role)
        var sentence: String
        switch (real.isEmpty, synthetic.isEmpty) {
        case (true, _):
            sentence = "Every result on this page is on msdb's synthetic stand-ins, not the paper's data."
        case (false, true): sentence = "Every result on this page is on real, imported data."
        case (false, false):
            sentence =
                "Results on \(real.joined(separator: ", ")) are on real, imported data; those on "
                + "\(synthetic.joined(separator: ", ")) are on msdb's synthetic stand-ins."
        }
        var lines = ["<h2>Data</h2>", "<p>\(e(sentence))</p>", "<table>"]
        lines.append(
            "<tr>"
                + ["role", "data", "name", "dataset_id", "source", "used by"].map { "<th>\($0)</th>" }
                .joined()
                + "</tr>")
        for dataset in data {
            let cells = [
                "<td class=\"text\">\(e(dataset.role))</td>",
                "<td class=\"text\"><strong>\(dataset.real ? "real" : "synthetic")</strong></td>",
                "<td class=\"text\">\(e(dataset.name))</td>", "<td class=\"ids\">\(e(dataset.id))</td>",
                "<td class=\"text\">\(e(dataset.summary))</td>",
                "<td class=\"text\">\(e(dataset.usedBy.joined(separator: ", ")))</td>",
            ]
            lines.append("<tr>" + cells.joined() + "</tr>")
        }
        lines.append("</table>")
        return lines
    }
}
