import ArtifactStore
import CanonicalJSON
import Foundation
import Imaging
import TestSupport
import Testing

/// The web view over HTTP, against a real `msdb-serve` process on a reproduced smoke database:
/// every page answers, the API is the CLI's `--json` byte for byte, database strings arrive
/// escaped, errors are 404 and 400 pages, no request reaches the file system or writes.
@Suite(.serialized) struct WebViewHTTPTests {
    @Test func everyPageAnswersAndLinksToRuns() async throws {
        let served = try ServedDatabase.session()
        let train = try served.run(kind: "train")
        let igtt = try served.run(kind: "igtt")
        for path in ["/runs", "/runs/\(train)", "/runs/\(igtt)", "/seeds", "/api", "/reports?profile=smoke"] {
            let answer = try await served.request(path)
            #expect(answer.status == 200, "\(path): \(answer.status)")
            #expect(answer.headers["content-type"] == "text/html; charset=utf-8", "\(path)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        let runs = try await served.request("/runs?per=500").text
        #expect(runs.contains("href=\"/runs/\(train)\""))
        #expect(
            runs.contains(
                "of \(try StoreFixtures.fetchInt(path: served.path, sql: "SELECT count(*) FROM runs") ?? -1)")
        )

        let page = try await served.request("/runs/\(train)").text
        for marker in [
            "id=\"curves\"", "id=\"curve-summary\"", "id=\"lineage-graph\"", "id=\"recreate\"", "<svg",
        ] {
            #expect(page.contains(marker), "run page lacks \(marker)")
        }
        // The training read a label set made by another run: the lineage links to it.
        let upstream = try StoreFixtures.strings(
            path: served.path,
            sql: """
                SELECT DISTINCT p.run_id FROM lineage i JOIN lineage p ON p.artifact_id = i.artifact_id
                WHERE i.run_id = '\(train)' AND i.direction = 'input' AND p.direction = 'output'
                """)
        #expect(!upstream.isEmpty)
        for run in upstream { #expect(page.contains("href=\"/runs/\(run)\""), "lineage lacks \(run)") }

        // iGTT's per-epoch pseudo-labels fold into groups rather than one line each.
        let igttPage = try await served.request("/runs/\(igtt)").text
        #expect(igttPage.contains("class=\"artifact-group\""))
        #expect(igttPage.contains("pseudo/epoch-1/…"))
    }

    @Test func previewsArePNGsOfTheStoredPictures() async throws {
        let served = try ServedDatabase.session()
        let store = try Store(path: served.path, readOnly: true)
        for kind in ["label", "prediction", "image", "kde"] {
            let id = try #require(
                try StoreFixtures.strings(
                    path: served.path, sql: "SELECT id FROM blobs WHERE kind = '\(kind)' ORDER BY id LIMIT 1"
                ).first, "no \(kind) blob")
            let answer = try await served.request("/artifacts/\(id).png")
            #expect(answer.status == 200, "\(kind)")
            #expect(answer.headers["content-type"] == "image/png")
            let picture = try ImageFile.decodePNG(Array(answer.body))
            // The PNG has the stored array's size.
            let bytes = Array(try store.get(try #require(ContentID(hex: id))).bytes)
            let (width, height) =
                switch kind {
                case "label":
                    try {
                        let map = try LabelMap(canonicalBytes: bytes)
                        return (map.width, map.height)
                    }()
                case "image":
                    try {
                        let image = try Image(canonicalBytes: bytes)
                        return (image.width, image.height)
                    }()
                case "kde":
                    try {
                        let plane = try KDEMap.decode(canonicalBytes: bytes).density
                        return (plane.width, plane.height)
                    }()
                default: (Self.u32(bytes, 16), Self.u32(bytes, 12))
                }
            #expect(picture.width == width && picture.height == height, "\(kind) preview size")
        }
        // A checkpoint has no picture, and an id that is no artifact is not found.
        let checkpoint = try #require(
            try StoreFixtures.strings(
                path: served.path, sql: "SELECT id FROM blobs WHERE kind = 'checkpoint' LIMIT 1"
            ).first)
        #expect(try await served.request("/artifacts/\(checkpoint).png").status == 404)
        #expect(try await served.request("/artifacts/\(String(repeating: "0", count: 64)).png").status == 404)
    }

    @Test func apiAnswersWhatTheCLIPrintsWithJSON() async throws {
        let served = try ServedDatabase.session()
        let train = try served.run(kind: "train")
        let otsu = try served.run(kind: "baseline")
        let pairs: [(String, [String])] = [
            ("/api/runs/\(train)", ["show", train, "--json"]),
            ("/api/diff?a=\(train)&b=\(otsu)", ["diff", train, otsu, "--json"]),
            ("/api/lineage/\(train)", ["lineage", train, "--json"]),
            ("/api/seeds", ["seeds", "--json"]),
            (
                "/api/runs?filter=kind%20%3D%20'train'%20and%20metrics.dice%20%3E%200&sort=-metrics.dice&limit=4",
                [
                    "runs", "--filter", "kind = 'train' and metrics.dice > 0", "--sort=-metrics.dice",
                    "--limit", "4", "--json",
                ]
            ),
        ]
        for (path, arguments) in pairs {
            let answer = try await served.request(path)
            let cli = try MSDBProcess.run(["--db", served.path] + arguments)
            #expect(answer.status == 200, "\(path)")
            #expect(answer.headers["content-type"] == "application/json; charset=utf-8")
            #expect(
                answer.body == cli.stdoutData, "\(path) differs from msdb \(arguments.joined(separator: " "))"
            )
        }
        let page = try await served.request("/api/runs?limit=2&offset=1")
        let total = try StoreFixtures.fetchInt(path: served.path, sql: "SELECT count(*) FROM runs")
        #expect(page.headers["x-total-count"] == total.map(String.init))
        let all = try JSONParser.parse(try await served.request("/api/runs?limit=3").text).arrayValue ?? []
        let offset = try JSONParser.parse(page.text).arrayValue ?? []
        #expect(offset.count == 2 && all.count == 3)
        #expect(offset.first?["id"] == all[1]["id"])
    }

    @Test func databaseStringsArriveAsInertText() async throws {
        let served = try ServedDatabase.session()
        let id = served.hostileRun.hex
        let compareWith = try served.run(kind: "baseline")
        for path in [
            "/runs/\(id)", "/runs?columns=params.comment,params.quote&per=500",
            "/compare?ids=\(id),\(compareWith)",
            "/seeds",
        ] {
            let page = try await served.request(path).text
            #expect(!page.contains(ServedDatabase.hostile), "\(path) carries the raw script")
            #expect(!page.contains(#"" onmouseover="alert(2)"#), "\(path) carries the raw attribute")
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path) lacks the escaped text")
        }
        // A filter echoed back into the page is escaped too.
        let echoed = try await served.request("/runs?filter=%3C%2Fscript%3E%3Cscript%3Ealert(3)")
        #expect(echoed.status == 400)
        #expect(!echoed.text.contains("<script>alert(3)"))
        #expect(echoed.text.contains("&lt;script&gt;alert(3)"))
    }

    @Test func unknownIdsAreNotFoundAndBadRequestsSayWhy() async throws {
        let served = try ServedDatabase.session()
        let train = try served.run(kind: "train")
        let notFound = [
            "/runs/0123456789abcdef", "/runs/nothex", "/runs/\(String(repeating: "f", count: 64))", "/nope",
            "/api/runs/0123456789abcdef", "/api/lineage/0123456789abcdef", "/api/nope", "/artifacts/abc.png",
            "/compare?ids=\(train),0123456789abcdef",
        ]
        for path in notFound {
            let answer = try await served.request(path)
            #expect(answer.status == 404, "\(path): \(answer.status)")
        }
        let error = try await served.request("/runs/0123456789abcdef").text
        #expect(error.contains("id=\"error-message\">no run 0123456789abcdef"))
        #expect(
            try await served.request("/api/runs/0123456789abcdef").text
                == "{\n  \"error\" : \"no run 0123456789abcdef\"\n}\n")

        let badFilter = try await served.request(
            "/runs?filter=status%20%3D%20'done'%20and%20metrics.nosuch%20%3E%201")
        #expect(badFilter.status == 400)
        #expect(badFilter.text.contains("invalid filter at column 21: no run has a metric &#39;nosuch&#39;"))
        let apiFilter = try await served.request("/api/runs?filter=status%20%3D")
        #expect(apiFilter.status == 400)
        #expect(apiFilter.text.contains("invalid filter at column 9"))
        for path in [
            "/runs?page=0", "/runs?per=100000", "/runs?columns=params.nosuch", "/compare?ids=\(train)",
            "/reports?profile=huge", "/api/runs?limit=-1", "/api/diff?a=\(train)", "/seeds?repeats=0",
        ] {
            let answer = try await served.request(path)
            #expect(answer.status == 400, "\(path): \(answer.status)")
        }
    }

    @Test func noRequestReachesTheFileSystemOrWrites() async throws {
        let served = try ServedDatabase.session()
        let before = try Data(contentsOf: URL(fileURLWithPath: served.path))
        let train = try served.run(kind: "train")
        let traversals = [
            "../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
            "....//....//etc/passwd", "%252e%252e%252fetc%252fpasswd", "/etc/passwd", "smoke.sqlite",
            "..%2Fsmoke.sqlite", "%00",
        ]
        var paths: [String] = []
        for attack in traversals {
            paths += [
                "/\(attack)", "/runs/\(attack)", "/artifacts/\(attack)", "/artifacts/\(attack).png",
                "/api/runs/\(attack)", "/api/lineage/\(attack)", "/runs?filter=\(attack)",
                "/compare?ids=\(attack),\(train)",
                "/reports?profile=\(attack)", "/reports?profile=smoke&dataset=er=\(attack)",
                "/api/diff?a=\(attack)&b=\(train)", "/runs?columns=\(attack)",
            ]
        }
        for path in paths {
            let answer = try await served.request(path)
            #expect([400, 404].contains(answer.status), "\(path): \(answer.status)")
            #expect(!answer.text.contains("root:x:0:0"), "\(path) read /etc/passwd")
            #expect(!answer.text.contains("SQLite format 3"), "\(path) read the database file")
        }
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            for path in ["/runs", "/runs/\(train)", "/api/runs", "/api/runs/\(train)"] {
                let answer = try await served.request(path, method: method)
                #expect(!(200..<300).contains(answer.status), "\(method) \(path): \(answer.status)")
            }
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: served.path))
        #expect(before == after, "the served database changed")
    }

    /// Pages keep answering, and `/api/status` counts up, while another process writes runs into
    /// the served database (`msdb merge`, one transaction per run).
    @Test func concurrentRequestsWhileAnotherProcessWritesRuns() async throws {
        let source = try ServedDatabase.get()
        let directory = try TemporaryDirectory()
        let target = directory.path("target.sqlite")
        #expect(try MSDBProcess.run(["--db", target, "runs"]).status == 0)  // an empty database
        let (server, root) = try ServedDatabase.serve(target, scratch: directory.url, label: "serve")
        defer { server.terminateAndWait() }
        let writer = try RunningMSDB(
            ["--db", target, "merge", source.path], scratch: directory.url, label: "merge")
        let expected = try #require(
            try StoreFixtures.fetchInt(path: source.path, sql: "SELECT count(*) FROM runs"))
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var seen: [Int] = []
                    let paths = ["/runs", "/api/runs?limit=20", "/seeds", "/runs?sort=-created_at"]
                    for round in 0..<40 {
                        let answer = try await HTTPAnswer.fetch(
                            try #require(URL(string: paths[(worker + round) % paths.count], relativeTo: root))
                        )
                        seen.append(answer.status)
                    }
                    return seen
                }
            }
            group.addTask {
                // One worker follows the count while the merge runs: it never goes down.
                var counts: [Int] = []
                while writer.isRunning || counts.last != expected {
                    let status = try JSONParser.parse(
                        try await HTTPAnswer.fetch(try #require(URL(string: "/api/status", relativeTo: root)))
                            .text)
                    counts.append(status["runs"]?.integerValue.map(Int.init) ?? -1)
                    if !writer.isRunning && counts.count > 400 { break }
                }
                #expect(counts == counts.sorted(), "the run count went down")
                #expect(counts.last == expected)
                #expect(Set(counts).count >= 2, "the count never moved while the merge ran: \(Set(counts))")
                return [200]
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(writer.wait().status == 0)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Set(statuses))")
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
}

/// A running run's page, while its training is held mid-run (stalled in its third epoch, two epoch
/// checkpoints recorded): it says running, polls the run's JSON to follow it, and draws the
/// curves so far from the latest checkpoint.
@Suite struct WebViewRunningRunTests {
    @Test func aRunningTrainingShowsItsCurvesSoFarAndFollowsItself() async throws {
        let served = try ServedDatabase.get()
        let directory = try TemporaryDirectory()
        let copy = directory.path("running.sqlite")
        try DatabaseSnapshot.copyDatabase(from: served.path, to: copy)
        let dataset = try #require(
            try StoreFixtures.strings(
                path: copy,
                sql: """
                    SELECT r.id FROM runs r JOIN run_params p ON p.run_id = r.id
                    WHERE r.kind = 'dataset' AND p.name = 'generator' AND p.value_text = 'er'
                    """
            ).first)
        let marker = directory.path("stalled")
        let trainer = try RunningMSDB(
            [
                "--db", copy, "train", "--dataset", dataset, "--width", "2", "--depth", "2", "--epochs", "3",
                "--batch", "2", "--labels", "rf", "--p", "0.3", "--seed", "11",
            ],
            // Held while attaching its third epoch's checkpoint: two epochs are recorded.
            environment: ["MSDB_TEST_STALL_AT": "attach:3", "MSDB_TEST_STALL_MARKER": marker],
            scratch: directory.url, label: "train")
        defer { trainer.killAndWait() }
        for _ in 0..<1200 where !FileManager.default.fileExists(atPath: marker) {
            #expect(trainer.isRunning, "the training ended: \(trainer.outcome.stderr)")
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(
            FileManager.default.fileExists(atPath: marker), "the training never reached its completion")

        let (server, base) = try ServedDatabase.serve(copy, scratch: directory.url, label: "serve")
        defer { server.terminateAndWait() }
        let running = try JSONParser.parse(
            try await HTTPAnswer.fetch(
                try #require(URL(string: "api/runs?filter=status%20%3D%20'running'", relativeTo: base))
            )
            .text)
        let id = try #require(running.arrayValue?.first?["id"]?.stringValue, "no running run")
        let page = try await HTTPAnswer.fetch(try #require(URL(string: "runs/\(id)", relativeTo: base))).text
        #expect(page.contains("class=\"status-running\">running</span>"))
        #expect(page.contains("data-poll=\"/api/runs/\(id)\""), "the page does not follow the run")
        #expect(page.contains("checkpoint history/loss"), "no curve from the checkpoint")
        #expect(page.contains("id=\"curve-summary\""))
        // A finished run's page does not poll.
        let done = try served.run(kind: "train")
        let finished = try await HTTPAnswer.fetch(try #require(URL(string: "runs/\(done)", relativeTo: base)))
            .text
        #expect(!finished.contains("data-poll=\"/api/runs/"))
    }
}
