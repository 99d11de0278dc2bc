internal import ArtifactStore
internal import Foundation
internal import Jobs
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

    /// The curves of `run`, by role: its `curve/…` outputs (decoded as `Curve`), else, for a run
    /// still training, the history in its latest epoch checkpoint.
    static func curves(of run: RunRecord, in store: Store) throws -> [StoredCurve] {
        var curves: [StoredCurve] = []
        for role in run.outputs.keys.sorted() where role.hasPrefix("curve/") {
            guard let id = run.outputs[role],
                let curve = try? Curve(canonicalBytes: Array(try store.get(id).bytes))
            else { continue }
            curves.append(StoredCurve(role: role, curve))
        }
        if curves.isEmpty, let checkpoint = latestCheckpoint(of: run),
            let decoded = try? Checkpoint(canonicalBytes: Array(try store.get(checkpoint).bytes))
        {
            // One value per epoch, except the loss: one per step.
            curves = decoded.history.keys.sorted().map { name in
                StoredCurve(
                    role: "checkpoint history/\(name)",
                    Curve(
                        metric: name, xLabel: name == "loss" ? "step" : "epoch",
                        y: decoded.history[name] ?? []))
            }
        }
        return curves
    }

    init(role: String, _ curve: Curve) {
        self.role = role
        metric = curve.metric
        xLabel = curve.xLabel
        points = zip(curve.x, curve.y).map { Series.Point(x: $0, y: $1) }
    }

    /// The `checkpoint/epoch-K` output with the highest K.
    static func latestCheckpoint(of run: RunRecord) -> ContentID? {
        let epochs = run.outputs.compactMap { role, id in CheckpointRoles.epoch(of: role).map { ($0, id) } }
        return epochs.max { $0.0 < $1.0 }?.1
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
