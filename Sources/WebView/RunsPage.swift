internal import ArtifactStore
internal import CanonicalJSON
internal import Foundation

/// `/runs`: the run table. The filter is the CLI's (`msdb runs --filter`, same parser, its
/// column-accurate message shown under the box); any column sorts; the parameters and metrics
/// shown are chosen; pages are read with LIMIT/OFFSET, so a page costs the same on 100,000 runs.
struct RunsPage {
    let store: Store

    /// Runs per page unless `per` says otherwise.
    static let pageSize = 50

    func render(_ query: QueryItems) throws -> (status: Int, html: HTML) {
        let filterText = query["filter"].flatMap { $0.isEmpty ? nil : $0 }
        let sortText = query["sort"].flatMap { $0.isEmpty ? nil : $0 }
        let pageNumber = try query.integer("page", default: 1, in: 1...10_000_000)
        let perPage = try query.integer("per", default: Self.pageSize, in: 1...1000)
        let names = try store.filterNames()
        var columns = query.list("columns")
        if query["columns"] == nil { columns = Self.defaultColumns(names) }
        for column in columns where !Self.isKnown(column, names) {
            throw WebError.badRequest("unknown column '\(column)': choose params.NAME or metrics.NAME")
        }

        let parsed: RunQuery
        do {
            parsed = try RunQuery(
                filter: filterText, sort: sortText, limit: perPage, offset: (pageNumber - 1) * perPage,
                names: names)
        } catch {
            let body = form(filter: filterText, sort: sortText, columns: columns, names: names, error: error)
            return (400, Layout.page(title: "runs", active: "runs", body: body))
        }
        let total = try store.countRuns(parsed.filter)
        let runs = try store.runs(parsed)
        let tags = try store.tags(of: runs.map(\.id))

        var body = form(filter: filterText, sort: sortText, columns: columns, names: names, error: nil)
        let first = runs.isEmpty ? 0 : (pageNumber - 1) * perPage + 1
        body += """
            <p id="run-count">runs \(first)–\(first + max(runs.count - 1, 0)) of \(total)\
            \(filterText == nil ? "" : " matching")</p>
            """
        body += table(
            runs, tags: tags, filter: filterText, sort: sortText, columns: columns)
        body += pager(
            page: pageNumber, pages: max(1, (total + perPage - 1) / perPage), filter: filterText,
            sort: sortText, columns: columns)
        return (200, Layout.page(title: "runs", active: "runs", body: body, live: "/api/status"))
    }

    /// The model and label parameters, and up to three metrics every paper run records, when the
    /// database has them; else the first three metric names.
    static func defaultColumns(_ names: FilterParser.KnownNames) -> [String] {
        let params = ["model", "labels"].filter { names.params.contains($0) }.map { "params." + $0 }
        let preferred = ["dice", "miou", "auc"].filter { names.metrics.contains($0) }
        let metrics = preferred.isEmpty ? Array(names.metrics.sorted().prefix(3)) : preferred
        return params + metrics.map { "metrics." + $0 }
    }

    static func isKnown(_ column: String, _ names: FilterParser.KnownNames) -> Bool {
        if column.hasPrefix("params.") { return names.params.contains(String(column.dropFirst(7))) }
        if column.hasPrefix("metrics.") { return names.metrics.contains(String(column.dropFirst(8))) }
        return false
    }

    private func form(
        filter: String?, sort: String?, columns: [String], names: FilterParser.KnownNames, error: FilterError?
    ) -> HTML {
        var html: HTML = """
            <h1>Runs</h1>
            <form class="filter" id="filter-form" method="get" action="/runs">
            <input type="text" id="filter" name="filter" value="\(filter ?? "")" \
            placeholder="status = 'done' and params.model = 'unet' and metrics.dice > 0.8" autocomplete="off">
            <input type="hidden" name="sort" value="\(sort ?? "")">
            <input type="hidden" name="columns" value="\(columns.joined(separator: ","))">
            <button type="submit" id="filter-button">Filter</button>
            </form>
            """
        if let error, let filter {
            let caret = String(repeating: " ", count: max(0, error.column - 1)) + "^"
            html += "<div class=\"error\" id=\"filter-error\">\(error.description)\n\(filter)\n\(caret)</div>"
        } else if let error {
            html += "<div class=\"error\" id=\"filter-error\">\(error.description)</div>"
        }
        html +=
            "<p class=\"note\">Fields: id, kind, status, seed, engine_version, created_at, tag, params.NAME, "
        html +=
            "metrics.NAME; operators = != &lt; &lt;= &gt; &gt;= in [..] like 'pattern%', joined by and, or, not.</p>"
        // The column chooser: one checkbox per parameter and metric name the database has.
        let choices =
            (names.params.sorted().map { "params." + $0 } + names.metrics.sorted().map { "metrics." + $0 })
            .map { name -> HTML in
                let checked: HTML = columns.contains(name) ? " checked" : ""
                return
                    "<label><input type=\"checkbox\" class=\"column-choice\" value=\"\(name)\"\(checked)> \(name)</label> "
            }
        html += """
            <details id="column-chooser"><summary>Columns</summary>
            <form id="columns-form" method="get" action="/runs" onsubmit="var v=[];\
            document.querySelectorAll('.column-choice:checked').forEach(function(c){v.push(c.value)});\
            this.columns.value=v.join(',');">
            <input type="hidden" name="filter" value="\(filter ?? "")">
            <input type="hidden" name="sort" value="\(sort ?? "")">
            <input type="hidden" name="columns" value="">
            \(choices)
            <button type="submit" id="columns-button">Show these columns</button>
            </form></details>
            """
        return html
    }

    private func table(
        _ runs: [RunRecord], tags: [ContentID: [String]], filter: String?, sort: String?, columns: [String]
    ) -> HTML {
        func header(_ title: String, field: String) -> HTML {
            let ascending = sort == field
            let descending = sort == "-" + field
            let next = ascending ? "-" + field : field
            let arrow = ascending ? " ▲" : descending ? " ▼" : ""
            let link = Links.runsPage(filter: filter, sort: next, columns: columns)
            return
                "<th><a class=\"sort-link\" data-field=\"\(field)\" href=\"\(link)\">\(title)\(arrow)</a></th>"
        }
        var html: HTML = """
            <form id="compare-form" method="get" action="/compare">
            <p><button type="submit" id="compare-button">Compare selected</button></p>
            <table id="runs-table"><thead><tr><th></th>
            """
        html += header("id", field: "id") + header("kind", field: "kind") + header("status", field: "status")
        html += header("seed", field: "seed") + header("created", field: "created_at")
        for column in columns { html += header(column, field: column) }
        // The tags column only when a run on this page has one.
        html += tags.isEmpty ? "</tr></thead><tbody>" : "<th>tags</th></tr></thead><tbody>"
        for run in runs {
            html += """
                <tr class="run-row" data-id="\(run.id.hex)">\
                <td><input type="checkbox" class="compare-box" name="ids" value="\(run.id.hex)"></td>\
                <td class="id"><a class="run-link" href="\(Links.run(run.id))">\(run.id.short)</a></td>\
                <td>\(run.kind)</td><td>\(Layout.status(run.status.rawValue))</td>\
                <td class="num">\(run.seed.map(String.init) ?? "")</td><td>\(run.createdAt)</td>
                """
            for column in columns { html += "<td class=\"num\">\(Self.value(of: column, in: run))</td>" }
            if !tags.isEmpty { html += "<td>\((tags[run.id] ?? []).joined(separator: ", "))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody></table></form>"
        return html
    }

    /// A parameter or metric of `run` as text (numbers in canonical form, at most 6 significant
    /// digits for metrics).
    static func value(of column: String, in run: RunRecord) -> String {
        if column.hasPrefix("params.") {
            return ParamText.text(run.params[String(column.dropFirst(7))], missing: "")
        }
        guard let value = run.metrics[String(column.dropFirst(8))] else { return "" }
        return Format.metric(value)
    }

    private func pager(page: Int, pages: Int, filter: String?, sort: String?, columns: [String]) -> HTML {
        func link(_ title: String, _ target: Int, id: String) -> HTML {
            "<a id=\"\(id)\" href=\"\(Links.runsPage(filter: filter, sort: sort, columns: columns, page: target))\">\(title)</a>"
        }
        var html: HTML = "<p class=\"pager\">"
        if page > 1 {
            html += link("« first", 1, id: "page-first") + link("‹ previous", page - 1, id: "page-previous")
        }
        html += "<span>page \(page) of \(pages)</span>"
        if page < pages {
            html += link("next ›", page + 1, id: "page-next") + link("last »", pages, id: "page-last")
        }
        return html + "</p>"
    }
}
