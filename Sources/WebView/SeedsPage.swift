internal import ArtifactStore

/// `/seeds`: `msdb seeds` as a page: per configuration (a spec without its seed) the done seeds,
/// duplicated seeds, missing repeats, and the runs that `msdb merge` found computed differently
/// elsewhere (divergent copies). Configurations with a problem come first; pages of 100 keep a
/// 100,000-run database readable, and the audit is computed once per change of the runs table.
struct SeedsPage {
    /// The audit and divergent-copy counts the page is drawn from.
    struct Audit: Sendable {
        var audit: SeedAudit
        var divergent: [ContentID: Int]
    }

    let store: Store
    let cache: RecentCache<Audit>

    static let pageSize = 100

    func render(_ query: QueryItems) throws -> HTML {
        let repeats = query["repeats"] == nil ? nil : try query.integer("repeats", default: 1, in: 1...10_000)
        let pageNumber = try query.integer("page", default: 1, in: 1...10_000_000)
        let key = "\(repeats ?? 0)|\(try store.runsFingerprint())"
        let computed = try cache.value(for: key) {
            Audit(
                audit: try store.seedAudit(expectedRepeats: repeats),
                divergent: try store.divergentCopyCounts())
        }
        let (audit, divergent) = (computed.audit, computed.divergent)
        let problems = audit.configurations.filter(Self.hasProblem)
        let ordered = problems + audit.configurations.filter { !Self.hasProblem($0) }
        let pages = max(1, (ordered.count + Self.pageSize - 1) / Self.pageSize)
        let shown = ordered.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize)
        var body: HTML = """
            <h1>Seeds</h1><p class="note" id="seeds-summary">\(audit.configurations.count) configurations; \
            \(problems.count) miss repeats or repeat a seed (listed first); \(divergent.count) runs have \
            divergent copies. Without <code>repeats=N</code>, a configuration should have as many done seeds \
            as the best-covered one of its kind. <a href="/api/seeds">JSON</a></p>
            <table id="seeds"><thead><tr><th>kind</th><th>seeds</th><th>duplicates</th><th>missing</th>\
            <th>divergent</th><th>configuration</th></tr></thead><tbody>
            """
        for configuration in shown {
            let seedLinks = HTML.join(
                zip(configuration.runs, configuration.runSeeds).map { run, seed in
                    "<a class=\"run-ref\" href=\"\(Links.run(run))\">\(seed)</a>"
                }, separator: " ")
            let divergentSeeds = configuration.divergentSeeds(divergent)
            body += """
                <tr class="\(Self.hasProblem(configuration) ? "seed-problem" : "seed-ok")">\
                <td>\(configuration.kind)</td><td>\(seedLinks)</td>\
                <td class="\(configuration.duplicateSeeds.isEmpty ? "" : "fails")">\
                \(configuration.duplicateSeeds.map(String.init).joined(separator: " "))</td>\
                <td class="\(configuration.missingRepeats > 0 ? "fails" : "")">\
                \(configuration.missingRepeats > 0 ? String(configuration.missingRepeats) : "")</td>\
                <td>\(divergentSeeds.map(String.init).joined(separator: " "))</td>\
                <td><code>\(configuration.key)</code></td></tr>
                """
        }
        body += "</tbody></table><p class=\"pager\">"
        let repeatsItem = repeats.map { "repeats=\($0)&amp;" } ?? ""
        if pageNumber > 1 {
            body +=
                "<a id=\"page-previous\" href=\"/seeds?\(HTML(trusted: repeatsItem))page=\(pageNumber - 1)\">‹ previous</a>"
        }
        body += "<span>page \(pageNumber) of \(pages)</span>"
        if pageNumber < pages {
            body +=
                "<a id=\"page-next\" href=\"/seeds?\(HTML(trusted: repeatsItem))page=\(pageNumber + 1)\">next ›</a>"
        }
        return Layout.page(title: "seeds", active: "seeds", body: body + "</p>", live: "/api/status")
    }

    static func hasProblem(_ configuration: SeedAudit.Configuration) -> Bool {
        configuration.missingRepeats > 0 || !configuration.duplicateSeeds.isEmpty
    }
}
