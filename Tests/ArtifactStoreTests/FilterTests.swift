import ArtifactStore
import Foundation
import TestSupport
import Testing

@Suite struct FilterParsingTests {
    @Test func precedenceIsNotThenAndThenOr() throws {
        let filter = try FilterParser.parse("status = 'done' or not kind = 'a' and seed > 1")
        let expected = RunFilter.or(
            .compare(.column("status"), .equal, .text("done")),
            .and(
                .not(.compare(.column("kind"), .equal, .text("a"))),
                .compare(.column("seed"), .greater, .number(1))))
        #expect(filter == expected)
    }

    @Test func dottedNamesListsLikeAndQuotesParse() throws {
        #expect(
            try FilterParser.parse("params.noise.p <= 0.45")
                == .compare(.param("noise.p"), .lessOrEqual, .number(0.45)))
        #expect(
            try FilterParser.parse("params.noise in ['rf', \"rs\", 3]")
                == .among(.param("noise"), [.text("rf"), .text("rs"), .number(3)]))
        #expect(try FilterParser.parse("kind LIKE 'train%'") == .like(.column("kind"), "train%"))
        #expect(
            try FilterParser.parse("params.note = 'it''s'") == .compare(.param("note"), .equal, .text("it's"))
        )
        #expect(
            try FilterParser.parse("metrics.loss < -1e-3")
                == .compare(.metric("loss"), .less, .number(-0.001)))
    }

    @Test(arguments: [
        ("status = ", 10, "expected a value"),
        ("status == 'done'", 9, "expected a number or a quoted text"),
        ("(status = 'done'", 17, "expected ')'"),
        ("status = 'done' and", 20, "expected a field name"),
        ("colour = 'red'", 1, "unknown field 'colour'"),
        ("status = 'done", 10, "unterminated text"),
        ("params.model ~ 'x'", 14, "unexpected character '~'"),
        ("kind in 'a'", 9, "expected '['"),
        ("status = 'a' 'b'", 14, "unexpected text 'b'"),
        ("", 1, "the filter is empty"),
    ])
    func syntaxErrorsPointAtTheirColumn(text: String, column: Int, message: String) {
        do {
            _ = try FilterParser.parse(text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        }
    }
}

@Suite struct FilterQueryTests {
    /// Six runs over two models and three noises, with dice metrics.
    struct Fixture {
        let directory: TemporaryDirectory
        let store: Store
        var ids: [String: ContentID] = [:]

        init() throws {
            directory = try TemporaryDirectory()
            store = try Store(path: directory.path("db.sqlite"))
            let rows: [(String, String, String, Double?, Double, RunStatus)] = [
                ("u-cl", "unet", "cl", nil, 0.86, .done), ("u-rs", "unet", "rs", 0.1, 0.84, .done),
                ("u-rf", "unet", "rf", 0.45, 0.80, .done), ("d-cl", "deeplabv3plus", "cl", nil, 0.82, .done),
                ("d-rf", "deeplabv3plus", "rf", 0.49, 0.41, .failed),
                ("u-rl", "unet", "rl", 0.1, 0.12, .done),
            ]
            for (index, row) in rows.enumerated() {
                var params: [String: ParamValue] = [
                    "model": .text(row.1), "noise": .text(row.2), "epochs": .number(10),
                ]
                if let ratio = row.3 { params["ratio"] = .number(ratio) }
                ids[row.0] = try store.record(
                    FinishedRun(
                        canonicalSpec: "{\"run\":\(index)}", kind: "train", status: row.5, seed: Int64(index),
                        engineVersion: "1", params: params, metrics: ["dice": row.4]))
            }
        }

        func names(_ filter: String?, sort: String? = nil, limit: Int? = nil) throws -> [String] {
            let byID = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
            return try store.runs(filter: filter, sort: sort, limit: limit).compactMap { byID[$0.id] }
        }
    }

    @Test func theDesignDocumentsExampleSelectsWhatItSays() throws {
        let fixture = try Fixture()
        let filter =
            "params.model = 'unet' and (metrics.dice > 0.8 or params.noise in ['rf','rs']) and not status = 'failed'"
        #expect(Set(try fixture.names(filter)) == ["u-cl", "u-rs", "u-rf"])
    }

    @Test func numbersCompareAsNumbersNotAsText() throws {
        let fixture = try Fixture()
        // As text, "0.45" < "0.5" < "0.49" would disagree with numeric order on some pairs.
        #expect(Set(try fixture.names("params.ratio >= 0.45")) == ["u-rf", "d-rf"])
        #expect(Set(try fixture.names("params.ratio < 0.2")) == ["u-rs", "u-rl"])
        #expect(try fixture.names("params.epochs = 10").count == 6)
        #expect(try fixture.names("params.epochs = '10'").isEmpty)
    }

    @Test func notIncludesRunsWithoutTheField() throws {
        let fixture = try Fixture()
        #expect(Set(try fixture.names("not params.ratio > 0")) == ["u-cl", "d-cl"])
    }

    @Test func sortAndLimitOrderByNumbers() throws {
        let fixture = try Fixture()
        #expect(try fixture.names(nil, sort: "-metrics.dice", limit: 3) == ["u-cl", "u-rs", "d-cl"])
        #expect(
            try fixture.names("params.model = 'unet'", sort: "metrics.dice") == [
                "u-rl", "u-rf", "u-rs", "u-cl",
            ])
        #expect(try fixture.names(nil, sort: "params.ratio").suffix(2).sorted() == ["d-cl", "u-cl"])
    }

    @Test func aQueryIsParsedIntoValuesTheStoreRuns() throws {
        let query = try RunQuery(filter: "params.model = 'unet'", sort: "-metrics.dice", limit: 2)
        #expect(query.filter == .compare(.param("model"), .equal, .text("unet")))
        #expect(query.sort == RunSort(field: .metric("dice"), descending: true) && query.limit == 2)
        let fixture = try Fixture()
        let byID = Dictionary(uniqueKeysWithValues: fixture.ids.map { ($1, $0) })
        #expect(
            try fixture.store.runs(query).compactMap { byID[$0.id] }
                == fixture.names(
                    "params.model = 'unet'", sort: "-metrics.dice", limit: 2))
        let done = try fixture.store.runs(.done)
        #expect(!done.isEmpty && done.allSatisfy { $0.status == .done })
        #expect(done.count < (try fixture.store.runs().count))
    }

    @Test func unknownParametersAndMetricsAreErrorsNotEmptyResults() throws {
        let fixture = try Fixture()
        #expect(throws: FilterError.self) { try fixture.store.runs(filter: "params.colour = 'red'") }
        #expect(throws: FilterError.self) { try fixture.store.runs(filter: "metrics.f1 > 0") }
        #expect(throws: FilterError.self) { try fixture.store.runs(filter: nil, sort: "metrics.f1") }
        let error = #expect(throws: FilterError.self) {
            try fixture.store.runs(filter: "status = 'done' and params.colour = 'red'")
        }
        #expect(
            error?.description.hasPrefix("invalid filter at column 21: no run has a parameter 'colour'")
                == true)
    }

    @Test(arguments: [
        "params.model = 'x'' OR 1=1 --'",
        "params.model = 'unet'); DROP TABLE runs; --'",
        "kind = \"train\" or kind like '%'' ; DELETE FROM blobs; --'",
        "params.model in ['a'', ''b']",
    ])
    func injectedSQLIsOnlyEverAValue(filter: String) throws {
        let fixture = try Fixture()
        _ = try? fixture.store.runs(filter: filter)
        #expect(try fixture.store.runs().count == 6)
        #expect(try fixture.store.verify().isHealthy)
    }

    @Test func quotesInsideValuesMatchLiterally() throws {
        let fixture = try Fixture()
        let id = try fixture.store.record(
            FinishedRun(
                canonicalSpec: "{\"quote\":1}", kind: "note", seed: nil, engineVersion: "1",
                params: ["model": .text("x' OR 1=1 --")]))
        #expect(try fixture.store.runs(filter: "params.model = 'x'' OR 1=1 --'").map(\.id) == [id])
    }

    @Test func tagsGroupRunsAndAreFilterable() throws {
        let fixture = try Fixture()
        let chosen = try [#require(fixture.ids["u-cl"]), #require(fixture.ids["d-cl"])]
        try fixture.store.tag(chosen, as: "clean baselines", description: "CL runs")
        #expect(Set(try fixture.names("tag = 'clean baselines'")) == ["u-cl", "d-cl"])
        #expect(Set(try fixture.names("tag like 'clean%' and params.model = 'unet'")) == ["u-cl"])
        #expect(try fixture.store.experiments().map(\.runs.count) == [2])
        try fixture.store.untag(chosen, from: "clean baselines")
        #expect(try fixture.store.experiments().isEmpty)
        let missing = try #require(ContentID(hex: String(repeating: "e", count: 64)))
        #expect(throws: StoreError.notFound(what: "run", id: missing.hex)) {
            try fixture.store.tag(chosen + [missing], as: "partial")
        }
        #expect(try fixture.store.experiments().isEmpty)
        #expect(throws: StoreError.malformedTag("")) { try fixture.store.tag(chosen, as: "") }
    }
}
