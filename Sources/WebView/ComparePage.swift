internal import ArtifactStore

/// `/compare?ids=A,B,…`: two or more runs side by side: the parameters that differ, metrics with
/// their deltas against the first run, curves overlaid, where each run first parts from the first
/// (`msdb diff`), and artifacts grouped by role so 200 per-epoch pseudo-labels are one line.
struct ComparePage {
    let store: Store

    static let limit = 12

    func render(_ query: QueryItems) throws -> HTML {
        let texts = query.list("ids")
        guard texts.count >= 2 else {
            throw WebError.badRequest("compare needs two or more run ids: /compare?ids=A,B")
        }
        guard texts.count <= Self.limit else {
            throw WebError.badRequest("compare takes at most \(Self.limit) runs, got \(texts.count)")
        }
        var ids: [ContentID] = []
        for text in texts {
            let id = try RunLookup.resolve(text, in: store)
            if !ids.contains(id) { ids.append(id) }
        }
        guard ids.count >= 2 else { throw WebError.badRequest("compare needs two different runs") }
        let runs = try ids.map { id -> RunRecord in
            guard let run = try store.run(id) else { throw WebError.notFound("no run \(id.hex)") }
            return run
        }
        let comparisons = try runs.dropFirst().map { try store.compare(runs[0].id, $0.id) }

        var body: HTML = "<h1>Compare \(runs.count) runs</h1><table id=\"compare-runs\"><thead><tr><th></th>"
        body += HTML.join(
            runs.map { "<th><a class=\"run-link\" href=\"\(Links.run($0.id))\">\($0.id.short)</a></th>" })
        body += "</tr></thead><tbody>"
        body += row("kind", runs.map(\.kind)) + row("status", runs.map(\.status.rawValue))
        body += row("seed", runs.map { $0.seed.map(String.init) ?? "" })
        body += row("finished", runs.map { $0.finishedAt ?? "" }) + "</tbody></table>"
        body += params(runs)
        body += metrics(runs)
        body += try curves(runs)
        body += divergence(runs, comparisons)
        body += artifacts(runs, comparisons)
        return Layout.page(title: "compare", active: "runs", body: body)
    }

    private func row(_ title: String, _ values: [String], id: String? = nil) -> HTML {
        let cells = HTML.join(values.map { "<td>\($0)</td>" })
        return id.map { "<tr id=\"\($0)\"><th>\(title)</th>\(cells)</tr>" }
            ?? "<tr><th>\(title)</th>\(cells)</tr>"
    }

    private func params(_ runs: [RunRecord]) -> HTML {
        let names = Set(runs.flatMap(\.params.keys)).sorted()
        let differing = names.filter { name in Set(runs.map { ParamText.text($0.params[name]) }).count > 1 }
        var html: HTML = "<h2>Parameters that differ</h2>"
        if differing.isEmpty {
            html += "<p id=\"compare-params\">All \(names.count) parameters are equal.</p>"
        } else {
            html += "<table id=\"compare-params\"><tbody>"
            for name in differing { html += row(name, runs.map { ParamText.text($0.params[name]) }) }
            html += "</tbody></table>"
        }
        let same = names.filter { !differing.contains($0) }
        if !same.isEmpty && !differing.isEmpty {
            html += "<details><summary>\(same.count) equal parameters</summary><table><tbody>"
            for name in same { html += row(name, [ParamText.text(runs[0].params[name])]) }
            html += "</tbody></table></details>"
        }
        return html
    }

    private func metrics(_ runs: [RunRecord]) -> HTML {
        let names = Set(runs.flatMap(\.metrics.keys)).sorted()
        guard !names.isEmpty else { return "" }
        var html: HTML = "<h2>Metrics</h2><table id=\"compare-metrics\"><thead><tr><th>metric</th>"
        html += HTML.join(runs.map { "<th>\($0.id.short)</th>" })
        html += HTML.join(runs.dropFirst().map { "<th>Δ \($0.id.short) − \(runs[0].id.short)</th>" })
        html += "</tr></thead><tbody>"
        for name in names {
            let values = runs.map { $0.metrics[name] }
            html += "<tr><th>\(name)</th>"
            html += HTML.join(values.map { "<td class=\"num\">\($0.map(Format.metric) ?? "")</td>" })
            html += HTML.join(
                values.dropFirst().map { value -> HTML in
                    guard let value, let base = values[0] else { return "<td></td>" }
                    return "<td class=\"num\">\(Format.delta(value - base))</td>"
                })
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    private func curves(_ runs: [RunRecord]) throws -> HTML {
        let perRun = try runs.map { try StoredCurve.curves(of: $0, in: store) }
        let roles = Set(perRun.flatMap { $0.map(\.role) }).sorted()
        let panels = roles.compactMap {
            role -> (role: String, series: [(label: String, curve: StoredCurve)])? in
            let series = zip(runs, perRun).compactMap { run, curves in
                curves.first { $0.role == role }.map { (label: run.id.short, curve: $0) }
            }
            return series.count >= 2 ? (role, series) : nil
        }
        guard !panels.isEmpty else { return "" }
        return "<h2>Curves</h2><div id=\"compare-curves\">"
            + StoredCurve.chart(title: "curves of \(runs.count) runs", scope: "compare", panels: panels)
            + "</div>"
    }

    private func divergence(_ runs: [RunRecord], _ comparisons: [RunComparison]) -> HTML {
        var html: HTML = "<h2>First divergence</h2><ul id=\"first-divergence\">"
        for (run, comparison) in zip(runs.dropFirst(), comparisons) {
            let curveLines = comparison.curves.map { curve -> String in
                curve.firstX.map {
                    "\(curve.role) first differs at x = \(Format.metric($0)) (largest difference \(Format.metric(curve.largestDifference)))"
                } ?? "\(curve.role) identical"
            }
            let differing = comparison.artifacts.filter { !$0.same }.count
            html += """
                <li><a href="\(Links.run(run.id))">\(run.id.short)</a> against \(runs[0].id.short): \
                \(comparison.params.count) parameters differ; \(differing) of \(comparison.artifacts.count) \
                artifact roles differ\(curveLines.isEmpty ? "" : "; " + curveLines.joined(separator: "; ")) \
                (<a href="/api/diff?a=\(runs[0].id.hex)&amp;b=\(run.id.hex)">JSON</a>)</li>
                """
        }
        return html + "</ul>"
    }

    /// Roles grouped by prefix: per group and run, how many artifacts equal the first run's.
    private func artifacts(_ runs: [RunRecord], _ comparisons: [RunComparison]) -> HTML {
        var groups: [String] = []
        var members: [String: [RunComparison.ArtifactChange]] = [:]
        for comparison in comparisons {
            for change in comparison.artifacts {
                let key =
                    "\(change.direction) "
                    + (ArtifactList.groupKey(change.role).map { $0 + "/…" } ?? change.role)
                if members[key] == nil { groups.append(key) }
                members[key, default: []].append(change)
            }
        }
        guard !groups.isEmpty else { return "" }
        var html: HTML =
            "<h2>Artifacts against \(runs[0].id.short)</h2><table id=\"compare-artifacts\"><thead><tr>"
        html +=
            "<th>role</th>" + HTML.join(runs.dropFirst().map { "<th>\($0.id.short)</th>" })
            + "</tr></thead><tbody>"
        for group in groups {
            html += "<tr><th>\(group)</th>"
            for comparison in comparisons {
                let changes = comparison.artifacts.filter {
                    "\($0.direction) " + (ArtifactList.groupKey($0.role).map { $0 + "/…" } ?? $0.role)
                        == group
                }
                let same = changes.filter(\.same).count
                let text =
                    changes.count == 1
                    ? (same == 1
                        ? "same" : changes[0].a == nil || changes[0].b == nil ? "only in one" : "differs")
                    : "\(same) of \(changes.count) same"
                html += "<td>\(text)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
