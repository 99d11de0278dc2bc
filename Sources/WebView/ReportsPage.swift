internal import ArtifactStore
internal import Jobs
internal import Reports
internal import Reproduction
internal import Runs

/// `/reports?profile=quick`: the paper's tables and figures as `msdb report` would write them,
/// from the runs recorded, computing nothing. Every table row and figure point links to the runs
/// behind it; the checks show their verdicts; the datasets section says which data (real or
/// synthetic) each output read. `dataset=ROLE=ID` (repeatable) names recorded datasets as
/// `--dataset` does.
struct ReportsPage {
    let store: Store

    func render(_ query: QueryItems) throws -> HTML {
        let profileName = query["profile"] ?? "quick"
        let profile: ReproductionProfile
        let plan: ReproductionPlan
        let choices: DatasetChoices
        do {
            profile = try ReproductionProfile(named: profileName)
            plan = try ReproductionPlan(profile: profile, outputs: profile.defaultOutputs)
            choices = try DatasetChoices(
                parsing: query.list("dataset"), catalog: DatasetCatalog(store: store))
        } catch let error as RunError {
            throw WebError.badRequest(error.description)
        }
        let assembly = try Reproduction(store: store, plan: plan, choices: choices).recordedAssembly()
        let results = try assembly.assemble()

        var body: HTML = "<h1>Reports: \(profileName) profile</h1><p class=\"note\">Profiles: "
        body += HTML.join(
            ReproductionProfile.Name.allCases.map {
                $0.rawValue == profileName
                    ? "<strong>\($0.rawValue)</strong>"
                    : "<a href=\"\(Links.reports(profile: $0.rawValue))\">\($0.rawValue)</a>"
            }, separator: " · ")
        body += "</p>"
        if !results.missing.isEmpty {
            body += """
                <p class="note" id="missing">\(results.missing.count) runs this profile needs are not in the \
                database; <code>msdb reproduce --profile \(profileName)</code> makes them. What is recorded is \
                shown.</p>
                """
        }
        body += datasets(results, plan: plan)
        body += checks(results.checks)
        // Output by output, so one not yet recorded (a figure without data) leaves the others shown.
        for output in plan.outputs {
            let caption = PaperReportFiles.captions[output] ?? output.rawValue
            body += "<h2 id=\"\(output.rawValue)-title\">\(caption)</h2>"
            do {
                let single = try ReproductionPlan(profile: profile, outputs: [output])
                body += Self.section(
                    output, files: try PaperReportFiles(results: results, plan: single).files())
            } catch {
                body += """
                    <p class="note missing-output">Not in the database yet (\(String(describing: error))): \
                    <code>msdb reproduce --profile \(profileName) --only \(output.rawValue)</code> makes it.</p>
                    """
            }
        }
        return Layout.page(title: "reports", active: "reports", body: body, live: "/api/status")
    }

    /// One output's table, or its figure with the data points behind it.
    static func section(_ output: PaperOutput, files: [PaperReportFiles.File]) -> HTML {
        let name = output.rawValue
        if let table = files.first(where: { $0.name == name + ".csv" })?.table, name.hasPrefix("table") {
            return Self.table(table, id: name)
        }
        guard let figure = files.first(where: { $0.name == name + ".svg" }) else { return "" }
        var html: HTML = """
            <div class="figure" id="\(name)">\(HTML(trusted: StoredCurve.inline(figure.text, scope: name)))</div>
            """
        if let data = files.first(where: { $0.name == name + ".csv" })?.table {
            html += """
                <details class="figure-data"><summary>\(data.rows.count) data points, each linked to its run \
                or artifact</summary>\(Self.table(data, id: name + "-data"))</details>
                """
        }
        return html
    }

    private func datasets(_ results: PaperResults, plan: ReproductionPlan) -> HTML {
        var html: HTML = "<h2>Datasets</h2><table id=\"datasets\"><thead><tr><th>role</th><th>name</th>"
        html += "<th>origin</th><th>what</th><th>read by</th><th>id</th></tr></thead><tbody>"
        for role in DatasetRole.allCases {
            guard let dataset = results.datasets[role.rawValue] else { continue }
            let readers = plan.outputs.filter { PaperResults.roles(of: $0).contains(role) }.map(\.rawValue)
            html += """
                <tr><td>\(role.rawValue)</td><td>\(dataset.name)</td><td>\(dataset.origin)</td>\
                <td>\(dataset.summary)</td><td>\(readers.joined(separator: ", "))</td>\
                <td class="id">\(dataset.id.short)</td></tr>
                """
        }
        return html + "</tbody></table>"
    }

    private func checks(_ checks: [ScienceCheck]) -> HTML {
        guard !checks.isEmpty else { return "" }
        let holding = checks.filter(\.holds).count
        var html: HTML =
            "<h2>The paper's claims: \(holding) of \(checks.count) hold</h2><table id=\"checks\"><thead>"
        html +=
            "<tr><th>check</th><th>rule</th><th>claim</th><th>measured</th><th>verdict</th><th>runs</th></tr></thead><tbody>"
        for check in checks {
            let measured = check.measurements.map { "\($0.name) \(Format.metric($0.value * 100))" }
            html += """
                <tr class="check"><td>\(check.name)</td><td>\(check.rule.rawValue)</td><td>\(check.claim)</td>\
                <td>\(measured.joined(separator: ", "))</td>\
                <td class="\(check.holds ? "holds" : "fails")">\(check.holds ? "holds" : "fails")</td>\
                <td>\(Self.runLinks(check.runIDs))</td></tr>
                """
        }
        return html + "</tbody></table>"
    }

    /// A CSV table as HTML: `run_ids` / `run_id` cells become links to their runs, and every other
    /// non-empty cell of the row links to the same runs (one run's page, or their comparison).
    static func table(_ table: CSVTable, id: String) -> HTML {
        let runColumns = table.header.indices.filter { ["run_ids", "run_id"].contains(table.header[$0]) }
        let hidden = Set(
            table.header.indices.filter { ["dataset_id", "artifact_id"].contains(table.header[$0]) })
        var html: HTML = "<table class=\"report-table\" id=\"\(id)\"><thead><tr>"
        for (index, name) in table.header.enumerated() where !hidden.contains(index) {
            html += "<th>\(name)</th>"
        }
        html += "</tr></thead><tbody>"
        let artifactColumn = table.header.firstIndex(of: "artifact_id")
        for row in table.rows {
            let ids = runColumns.flatMap {
                row[$0].split(separator: " ").compactMap { ContentID(hex: String($0)) }
            }
            let target: String? = ids.isEmpty ? nil : runsLink(ids)
            html += "<tr>"
            for (index, cell) in row.enumerated() where !hidden.contains(index) {
                if runColumns.contains(index) {
                    html += "<td>\(runLinks(ids))</td>"
                } else if let target, !cell.isEmpty {
                    html += "<td><a class=\"cell-link\" href=\"\(target)\">\(cell)</a></td>"
                } else {
                    html += "<td>\(cell)</td>"
                }
            }
            if let artifactColumn, let artifact = ContentID(hex: row[artifactColumn]) {
                html +=
                    "<td><a class=\"artifact-link\" href=\"\(Links.artifactPreview(artifact))\">\(artifact.short)</a></td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// One link per run, plus a comparison of them all when there are several.
    static func runLinks(_ ids: [ContentID]) -> HTML {
        var html = HTML.join(
            ids.map { "<a class=\"run-ref id\" href=\"\(Links.run($0))\">\($0.short)</a>" }, separator: " ")
        if ids.count > 1 { html += " (<a class=\"compare-ref\" href=\"\(runsLink(ids))\">compare</a>)" }
        return html
    }

    /// The page of one run, the comparison of a few, or the run list filtered to many.
    static func runsLink(_ ids: [ContentID]) -> String {
        if ids.count <= ComparePage.limit { return Links.runs(ids) }
        let list = ids.map { "'\($0.hex)'" }.joined(separator: ", ")
        return Links.runsPage(filter: "id in [\(list)]", sort: nil, columns: [])
    }
}
