internal import ArtifactStore

/// `/seeds`: `msdb seeds` as a page: per configuration (a spec without its seed) the done seeds,
/// duplicated seeds, missing repeats, and the runs that `msdb merge` found computed differently
/// elsewhere (divergent copies).
struct SeedsPage {
    let store: Store

    func render(_ query: QueryItems) throws -> HTML {
        let repeats = query["repeats"] == nil ? nil : try query.integer("repeats", default: 1, in: 1...10_000)
        let audit = try store.seedAudit(expectedRepeats: repeats)
        let divergent = try store.divergentCopyCounts()
        let problems = audit.configurations.filter { $0.missingRepeats > 0 || !$0.duplicateSeeds.isEmpty }
        var body: HTML = """
            <h1>Seeds</h1><p class="note" id="seeds-summary">\(audit.configurations.count) configurations; \
            \(problems.count) miss repeats or repeat a seed; \(divergent.count) runs have divergent copies. \
            Without <code>repeats=N</code>, a configuration should have as many done seeds as the \
            best-covered one of its kind. <a href="/api/seeds">JSON</a></p>
            <table id="seeds"><thead><tr><th>kind</th><th>seeds</th><th>duplicates</th><th>missing</th>\
            <th>divergent</th><th>configuration</th></tr></thead><tbody>
            """
        for configuration in audit.configurations {
            let seedLinks = HTML.join(
                zip(configuration.runs, configuration.runSeeds).map { run, seed in
                    "<a class=\"run-ref\" href=\"\(Links.run(run))\">\(seed)</a>"
                }, separator: " ")
            let divergentSeeds = configuration.divergentSeeds(divergent)
            let flagged = configuration.missingRepeats > 0 || !configuration.duplicateSeeds.isEmpty
            body += """
                <tr class="\(flagged ? "seed-problem" : "seed-ok")"><td>\(configuration.kind)</td><td>\(seedLinks)</td>\
                <td class="\(configuration.duplicateSeeds.isEmpty ? "" : "fails")">\
                \(configuration.duplicateSeeds.map(String.init).joined(separator: " "))</td>\
                <td class="\(configuration.missingRepeats > 0 ? "fails" : "")">\
                \(configuration.missingRepeats > 0 ? String(configuration.missingRepeats) : "")</td>\
                <td>\(divergentSeeds.map(String.init).joined(separator: " "))</td>\
                <td><code>\(configuration.key)</code></td></tr>
                """
        }
        body += "</tbody></table>"
        return Layout.page(title: "seeds", active: "seeds", body: body, live: "/api/status")
    }
}
