/// The page shell every page shares: navigation, the style sheet and, for pages that follow a
/// database being written, the polling script. Everything is inline, so the server reads no files.
enum Layout {
    /// A whole HTML document. `live` names the `/api/` URL whose JSON the page polls; the page
    /// reloads itself when that JSON changes (a run finished, a new run appeared).
    static func page(title: String, active: String, body: HTML, live: String? = nil) -> HTML {
        let navigation = HTML.join(
            [("runs", "/runs"), ("reports", "/reports"), ("seeds", "/seeds"), ("api", "/api")].map {
                name, path in
                name == active
                    ? "<a href=\"\(path)\" class=\"active\">\(name)</a>" : "<a href=\"\(path)\">\(name)</a>"
            })
        let script: HTML =
            live.map {
                "<span id=\"live\" data-poll=\"\($0)\"></span><script>\(HTML(trusted: pollingScript))</script>"
            } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · msdb</title>
            <style>\(HTML(trusted: styleSheet))</style>
            </head>
            <body>
            <header><span class="brand">msdb</span><nav>\(navigation)</nav></header>
            <main>
            \(body)
            </main>
            \(script)
            </body>
            </html>

            """
    }

    /// Polls the URL in `#live[data-poll]` every two seconds and reloads the page when the answer
    /// changes, so pages of running runs follow a `reproduce` in another process.
    static let pollingScript = """
        (function () {
          var marker = document.getElementById('live');
          if (!marker) { return; }
          var url = marker.getAttribute('data-poll');
          var last = null;
          function poll() {
            fetch(url, {cache: 'no-store'}).then(function (r) { return r.text(); }).then(function (text) {
              if (last !== null && text !== last) { window.location.reload(); return; }
              last = text;
              setTimeout(poll, 2000);
            }).catch(function () { setTimeout(poll, 5000); });
          }
          poll();
        })();
        """

    static let styleSheet = """
        body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
        header { display: flex; align-items: center; gap: 2em; padding: 0.6em 1.5em; background: #1d2330; }
        header .brand { color: #fff; font-weight: 700; letter-spacing: 0.05em; }
        header nav a { color: #c8d0e0; margin-right: 1.2em; text-decoration: none; }
        header nav a.active, header nav a:hover { color: #fff; border-bottom: 2px solid #5b9cf6; }
        main { padding: 1em 1.5em 3em; }
        h1 { font-size: 1.35em; margin: 0.4em 0 0.6em; }
        h2 { font-size: 1.1em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #dde2ea; padding-bottom: 0.2em; }
        table { border-collapse: collapse; background: #fff; font-size: 0.9em; }
        th, td { border: 1px solid #dde2ea; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f0f3f7; white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre, .id { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: 0.88em; }
        pre { background: #fff; border: 1px solid #dde2ea; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        a { color: #1f5fbf; }
        .status-done { color: #1b7f3b; } .status-failed { color: #b3261e; font-weight: 600; }
        .status-running { color: #b26a00; font-weight: 600; } .status-pending { color: #6b7280; }
        .error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1c14; padding: 0.6em; white-space: pre-wrap; overflow-x: auto; font-family: ui-monospace, monospace; }
        .report-table a.cell-link { color: inherit; text-decoration: none; } .report-table a.cell-link:hover { text-decoration: underline; color: #1f5fbf; }
        .report-table td, #checks td:first-child, .report-table td a.compare-ref { white-space: nowrap; }
        #seeds code { word-break: break-all; } #seeds td:last-child { max-width: 60em; }
        .note { color: #4b5563; font-size: 0.92em; }
        .holds { color: #1b7f3b; font-weight: 600; } .fails { color: #b3261e; font-weight: 600; }
        form.filter input[type=text] { width: 46em; max-width: 90%; font-family: ui-monospace, monospace; padding: 0.3em; }
        .thumbs { display: flex; flex-wrap: wrap; gap: 0.5em; margin: 0.4em 0; }
        .thumb { font-size: 0.75em; text-align: center; }
        .thumb img { display: block; width: 96px; height: 96px; image-rendering: pixelated; border: 1px solid #dde2ea; background: #fff; }
        .figure svg { max-width: 100%; height: auto; background: #fff; border: 1px solid #dde2ea; }
        .pager a, .pager span { margin-right: 1em; }
        details { margin: 0.4em 0; } summary { cursor: pointer; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; }
        dl.facts dt { color: #4b5563; } dl.facts dd { margin: 0; }
        """

    /// A `<span>` showing a run status in its colour.
    static func status(_ status: String) -> HTML {
        "<span class=\"status-\(status)\">\(status)</span>"
    }
}
