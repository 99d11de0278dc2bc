internal import ArtifactStore
internal import CanonicalJSON
internal import Foundation
internal import Reports

/// `/runs/ID`: everything recorded about one run: spec, status, timings, environment, parameters,
/// metrics (last and best of each curve), curves, artifacts with previews, lineage up and down,
/// divergent copies from merged databases, and the command that recreates it. A pending or running
/// run's page follows it (polling `/api/runs/ID`).
struct RunPage {
    let store: Store
    /// The database path as the user gave it, for the recreate command.
    let databasePath: String

    func render(_ prefix: String) throws -> HTML {
        let id = try RunLookup.resolve(prefix, in: store)
        guard let run = try store.run(id) else { throw WebError.notFound("no run \(id.hex)") }
        let curves = try StoredCurve.curves(of: run, in: store)
        var body: HTML = """
            <h1>\(run.kind) run <span class="id" id="run-id">\(run.id.hex)</span></h1>
            <dl class="facts" id="run-facts">
            <dt>status</dt><dd id="run-status">\(Layout.status(run.status.rawValue))\
            \(run.error.map { " — \($0)" } ?? "")</dd>
            <dt>seed</dt><dd>\(run.seed.map(String.init) ?? "none")</dd>
            <dt>engine</dt><dd>\(run.engineVersion)</dd>
            <dt>created</dt><dd>\(run.createdAt)</dd>
            <dt>started</dt><dd>\(run.startedAt ?? "")</dd>
            <dt>finished</dt><dd>\(run.finishedAt ?? "")\(run.wallSeconds.map { " (\(Format.duration($0)))" } ?? "")</dd>
            </dl>
            """
        if let tags = try store.tags(of: [id])[id] {
            body += "<p id=\"run-tags\">tags: \(tags.joined(separator: ", "))</p>"
        }
        body += parameters(run)
        body += metrics(run, curves: curves)
        if !curves.isEmpty {
            body += "<h2>Curves</h2><div id=\"curves\">"
            body += StoredCurve.chart(
                title: "\(run.kind) \(run.id.short)", scope: "run",
                panels: curves.map { ($0.role, [(run.id.short, $0)]) })
            body += "</div>"
        }
        body += try ArtifactList(title: "inputs", artifacts: run.inputs, store: store).html
        body += try ArtifactList(title: "outputs", artifacts: run.outputs, store: store).html
        let lineage = LineageView(
            root: id, upstream: try store.lineage(of: id), downstream: try store.downstreamRuns(of: id))
        body += """
            <h2>Lineage</h2><p class="note">Runs whose outputs this run read (left), and runs that read its \
            outputs (right). <a href="/api/lineage/\(id.hex)">JSON</a></p><div class="figure">\(lineage.svg)</div>
            """
        body += divergentCopies(try store.divergentCopies(of: id), run: run)
        body += """
            <h2>Recreate</h2><p class="note">The recorded spec, run again through the cache (answered from \
            the database while it holds the result):</p><pre id="recreate">\(recreateCommand(run))</pre>
            <h2>Spec</h2><pre id="spec">\(Self.pretty(run.spec))</pre>
            <h2>Environment</h2><pre id="environment">\(Self.pretty(run.environment))</pre>
            """
        let live = run.status == .running || run.status == .pending ? "/api/runs/\(id.hex)" : nil
        return Layout.page(title: "\(run.kind) \(run.id.short)", active: "runs", body: body, live: live)
    }

    private func parameters(_ run: RunRecord) -> HTML {
        guard !run.params.isEmpty else { return "" }
        var html: HTML = "<h2>Parameters</h2><table id=\"params\"><tbody>"
        for name in run.params.keys.sorted() {
            html += "<tr><th>\(name)</th><td>\(ParamText.text(run.params[name]))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func metrics(_ run: RunRecord, curves: [StoredCurve]) -> HTML {
        guard !run.metrics.isEmpty || !curves.isEmpty else { return "" }
        var html: HTML =
            "<h2>Metrics</h2><table id=\"metrics\"><thead><tr><th>metric</th><th>final</th></tr></thead><tbody>"
        for name in run.metrics.keys.sorted() {
            html +=
                "<tr><th>\(name)</th><td class=\"num\">\(run.metrics[name].map(Format.metric) ?? "")</td></tr>"
        }
        html += "</tbody></table>"
        if !curves.isEmpty {
            html += """
                <h2>Curves: last and best values</h2><table id="curve-summary"><thead><tr><th>curve</th><th>points</th><th>last</th><th>best</th>\
                <th>best at</th></tr></thead><tbody>
                """
            for curve in curves {
                let bestPoint = curve.points.first { $0.y == curve.best }
                html += """
                    <tr><th>\(curve.role)</th><td class="num">\(curve.points.count)</td>\
                    <td class="num">\(curve.last.map(Format.metric) ?? "")</td>\
                    <td class="num">\(curve.best.map(Format.metric) ?? "")</td>\
                    <td class="num">\(bestPoint.map { "\(curve.xLabel) \(Format.metric($0.x))" } ?? "")</td></tr>
                    """
            }
            html += "</tbody></table>"
        }
        return html
    }

    private func divergentCopies(_ copies: [DivergentCopy], run: RunRecord) -> HTML {
        guard !copies.isEmpty else { return "" }
        var html: HTML =
            "<h2>Divergent copies</h2><table id=\"divergent\"><thead><tr><th>from</th><th>merged</th>"
        html += "<th>outputs that differ</th><th>metrics that differ</th></tr></thead><tbody>"
        for copy in copies {
            let outputs = Set(copy.outputs.keys).union(run.outputs.keys).sorted().filter {
                copy.outputs[$0] != run.outputs[$0]
            }
            let metrics = Set(copy.metrics.keys).union(run.metrics.keys).sorted().filter {
                copy.metrics[$0]?.bitPattern != run.metrics[$0]?.bitPattern
            }
            let metricText = metrics.map { name in
                "\(name): \(run.metrics[name].map(Format.metric) ?? "none") here, \(copy.metrics[name].map(Format.metric) ?? "none") there"
            }
            html += """
                <tr><td>\(copy.source)</td><td>\(copy.mergedAt)</td><td>\(outputs.count) \
                (\(outputs.prefix(5).joined(separator: ", "))\(outputs.count > 5 ? ", …" : ""))</td>\
                <td>\(metricText.joined(separator: "; "))</td></tr>
                """
        }
        return html + "</tbody></table>"
    }

    /// `msdb run` on the recorded spec, quoted for a POSIX shell.
    func recreateCommand(_ run: RunRecord) -> String {
        "printf '%s\\n' \(Self.shellQuoted(run.spec)) | msdb --db \(Self.shellQuoted(databasePath)) run -"
    }

    /// `text` in single quotes for a POSIX shell (each `'` as `'\\''`).
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Canonical JSON text re-indented for reading (the text itself when it does not parse).
    static func pretty(_ text: String) -> String {
        guard let value = try? JSONParser.parse(text),
            let data = try? JSONSerialization.data(
                withJSONObject: value.foundationObject,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            )
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A parameter value as the pages print it.
enum ParamText {
    /// Numbers in canonical form, text as it is, `missing` for a run without the parameter.
    static func text(_ value: ParamValue?, missing: String = "—") -> String {
        switch value {
        case .number(let number): JSONValue.number(number).canonicalText
        case .text(let text): text
        case nil: missing
        }
    }
}

/// Run ids from the URL: a full id or a prefix of 8+ hex characters.
enum RunLookup {
    static func resolve(_ text: String, in store: Store) throws -> ContentID {
        let prefix: IDPrefix
        do {
            prefix = try IDPrefix(text)
        } catch {
            throw WebError.notFound("'\(text)' is not a run id (8 to 64 hex characters)")
        }
        do {
            return try store.resolveRun(prefix)
        } catch StoreError.notFound {
            throw WebError.notFound("no run \(text)")
        } catch StoreError.ambiguousPrefix(_, let candidates, let more) {
            throw WebError.badRequest(
                "'\(text)' names \(candidates.count + more) runs: give more characters")
        }
    }
}

extension JSONValue {
    /// The value as Foundation's JSON objects, for `JSONSerialization`.
    var foundationObject: Any {
        switch self {
        case .null: NSNull()
        case .bool(let flag): flag
        case .integer(let number): number
        case .number(let number): number
        case .string(let text): text
        case .array(let elements): elements.map(\.foundationObject)
        case .object(let members): members.mapValues(\.foundationObject)
        }
    }
}
