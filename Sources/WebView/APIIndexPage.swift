/// `/api`: the JSON endpoints, each the `--json` output of the CLI command it mirrors.
enum APIIndexPage {
    static let endpoints: [(path: String, mirrors: String, about: String)] = [
        (
            "/api/runs?filter=&sort=&limit=&offset=", "msdb runs --json",
            "runs, filtered and sorted as the CLI does; the total before paging is in the X-Total-Count header"
        ),
        (
            "/api/runs/ID", "msdb show ID --json",
            "one run with spec, environment, timings and divergent copies"
        ),
        ("/api/diff?a=ID&b=ID", "msdb diff A B --json", "how two runs differ"),
        ("/api/lineage/ID", "msdb lineage ID --json", "the lineage graph of a run or artifact"),
        ("/api/seeds?repeats=N", "msdb seeds --json", "seeds per configuration"),
        (
            "/api/status", "—",
            "runs per status and the newest run; changes whenever a run is added or changes status"
        ),
    ]

    static var html: HTML {
        var body: HTML = """
            <h1>JSON API</h1><p class="note">Read-only. Every endpoint answers what the CLI command prints \
            with <code>--json</code>, byte for byte; errors are <code>{"error": "…"}</code> with status 400 or 404.</p>
            <table id="api"><thead><tr><th>endpoint</th><th>mirrors</th><th>what</th></tr></thead><tbody>
            """
        for endpoint in endpoints {
            body +=
                "<tr><td><code>\(endpoint.path)</code></td><td><code>\(endpoint.mirrors)</code></td><td>\(endpoint.about)</td></tr>"
        }
        return Layout.page(title: "api", active: "api", body: body + "</tbody></table>")
    }
}
