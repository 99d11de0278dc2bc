internal import ArtifactStore
internal import CanonicalJSON
internal import Foundation
internal import Reports

/// A run's metric curves as the web view draws them: from its `curve` outputs when it has
/// finished, else from the history in its latest epoch checkpoint (so a running run shows the
/// curve so far).
struct StoredCurve: Sendable {
    /// The output role (`curve/dice`) or `checkpoint history/NAME`.
    var role: String
    var metric: String
    var xLabel: String
    var points: [Series.Point]

    /// The last y and the best one (the lowest for a loss, the highest otherwise).
    var last: Double? { points.last?.y }
    var best: Double? {
        let values = points.map(\.y).filter(\.isFinite)
        return metric.contains("loss") ? values.min() : values.max()
    }

    /// The curves of `run`, by role.
    static func curves(of run: RunRecord, in store: Store) throws -> [StoredCurve] {
        var curves: [StoredCurve] = []
        for role in run.outputs.keys.sorted() {
            guard let id = run.outputs[role], let info = try store.info(id), info.kind == .curve else {
                continue
            }
            if let curve = try? parse(try store.get(id).bytes, role: role) { curves.append(curve) }
        }
        if curves.isEmpty, let checkpoint = latestCheckpoint(of: run) {
            curves = (try? history(of: try store.get(checkpoint).bytes)) ?? []
        }
        return curves
    }

    /// A `curve` artifact: `{"metric", "x", "x_label", "y"}`.
    static func parse(_ bytes: Data, role: String) throws -> StoredCurve {
        let value = try JSONParser.parse(Array(bytes))
        let xs = value["x"]?.arrayValue ?? []
        let ys = value["y"]?.arrayValue ?? []
        let points = zip(xs, ys).map { Series.Point(x: $0.doubleValue ?? .nan, y: $1.doubleValue ?? .nan) }
        return StoredCurve(
            role: role, metric: value["metric"]?.stringValue ?? role,
            xLabel: value["x_label"]?.stringValue ?? "x",
            points: points)
    }

    /// The `checkpoint/epoch-K` output with the highest K.
    static func latestCheckpoint(of run: RunRecord) -> ContentID? {
        let epochs = run.outputs.compactMap { role, id -> (Int, ContentID)? in
            guard role.hasPrefix("checkpoint/epoch-"), let epoch = Int(role.dropFirst(17)) else { return nil }
            return (epoch, id)
        }
        return epochs.max { $0.0 < $1.0 }?.1
    }

    /// The curves in a checkpoint's header (`history`: one list per metric, one value per epoch,
    /// except `loss`, one per step).
    static func history(of bytes: Data) throws -> [StoredCurve] {
        let magic = Array("MSDBCKP1".utf8)
        guard bytes.count >= 12, Array(bytes.prefix(8)) == magic else { return [] }
        let length = bytes.dropFirst(8).prefix(4).enumerated().reduce(0) {
            $0 | Int($1.element) << (8 * $1.offset)
        }
        guard bytes.count >= 12 + length else { return [] }
        let header = try JSONParser.parse(Array(bytes.dropFirst(12).prefix(length)))
        guard case .object(let members)? = header["history"] else { return [] }
        return members.compactMap { name, values -> StoredCurve? in
            guard let ys = values.arrayValue, !ys.isEmpty else { return nil }
            let points = ys.enumerated().map {
                Series.Point(x: Double($0.offset + 1), y: $0.element.doubleValue ?? .nan)
            }
            return StoredCurve(
                role: "checkpoint history/\(name)", metric: name, xLabel: name == "loss" ? "step" : "epoch",
                points: points)
        }.sorted { $0.role < $1.role }
    }

    /// One chart: a panel per curve role, a series per entry (label, curve); `scope` keeps its
    /// element ids apart from other charts on the page.
    static func chart(
        title: String, scope: String, panels: [(role: String, series: [(label: String, curve: StoredCurve)])]
    ) -> HTML {
        guard !panels.isEmpty else { return "" }
        let chartPanels = panels.map { panel in
            ChartPanel(
                title: panel.role, xLabel: panel.series.first?.curve.xLabel ?? "x",
                yLabel: panel.series.first?.curve.metric ?? panel.role,
                series: panel.series.enumerated().map { index, entry in
                    Series(name: entry.label, points: entry.curve.points, colorIndex: index)
                })
        }
        let svg = LineChart(title: title, panels: chartPanels, columns: min(2, chartPanels.count)).svg(
            metadata: FigureMetadata())
        return "<div class=\"figure\">\(HTML(trusted: Self.inline(svg, scope: scope)))</div>"
    }

    /// An SVG document made to sit inside HTML beside others: without its XML declaration and
    /// provenance metadata (the page links the runs itself), and with every element id and its
    /// references prefixed by `scope`, so two charts' clip paths (`plot-0`) cannot collide.
    static func inline(_ svg: String, scope: String) -> String {
        var text = svg
        if text.hasPrefix("<?xml"), let end = text.firstIndex(of: "\n") {
            text = String(text[text.index(after: end)...])
        }
        text = text.replacing(/<metadata>[\s\S]*?<\/metadata>\n?/, with: "")
        text = text.replacing(/\sid="([^"]+)"/) { " id=\"\(scope)-\($0.1)\"" }
        text = text.replacing(/url\(#([^)]+)\)/) { "url(#\(scope)-\($0.1))" }
        return text.replacing(/href="#([^"]+)"/) { "href=\"#\(scope)-\($0.1)\"" }
    }
}
