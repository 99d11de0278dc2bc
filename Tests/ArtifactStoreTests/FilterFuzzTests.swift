import ArtifactStore
import Foundation
import NumericCore
import RandomStreams
import TestSupport
import Testing

/// Property-based fuzzing of the filter language: random token sequences either parse or throw
/// `FilterError`; random valid filters print, parse back to themselves and compile to SQL in which
/// no literal or name from the filter appears (everything is a bound `?`).
@Suite struct FilterFuzzTests {
    /// Texts meant to break out of a literal or a name if either were ever spliced into SQL.
    static let hostileTexts = [
        "'; DROP TABLE runs; --", "\" OR 1=1 --", "x') OR ('1'='1", "%", "_", "\\", "\u{0}", "é\u{1F600}",
        "a''b", "); DELETE FROM blobs; --", "\n", "?", "?1", ":name", "$x", "@y",
    ]

    /// Pieces of filter text, valid and not, from which random token sequences are drawn.
    static let fragments = [
        "status", "kind", "id", "seed", "created_at", "engine_version", "tag", "params.model", "metrics.dice",
        "params.a.b", "params.", "metrics", ".", "=", "!=", "<", "<=", ">", ">=", "==", "in", "like", "and",
        "or",
        "not", "AND", "Or", "(", ")", "[", "]", ",", "'done'", "\"unet\"", "'it''s'", "'unterminated", "\"",
        "0.5", "-1e-3", "1e999", "-", "1.2.3", "1e", "NaN", "~", ";", "--", "/*", "é", "\u{1F600}", "\t",
        "'; DROP TABLE runs; --'", "1=1", "select", "*",
    ]

    static func randomTokens(using random: inout RandomStream) -> String {
        let count = random.nextInt(below: 24)
        return (0..<count).map { _ in fragments[random.nextInt(below: fragments.count)] }
            .joined(separator: random.nextInt(below: 3) == 0 ? "" : " ")
    }

    @Test func randomTokenSequencesParseOrThrowFilterError() throws {
        var random = Fuzz.stream("filter-tokens")
        var generator = Generator(random: Fuzz.stream("filter-token-trees"))
        let iterations = Fuzz.iterations
        var parsed = 0
        let started = Date()
        for iteration in 0..<iterations {
            var text = Self.randomTokens(using: &random)
            if iteration % 2 == 1 {
                // A valid filter with a random fragment spliced in between two of its words.
                var words = Self.render(generator.filter(depth: 3), using: &generator.random)
                    .split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let fragment = Self.fragments[random.nextInt(below: Self.fragments.count)]
                let at = random.nextInt(below: words.count + 1)
                if random.nextInt(below: 4) != 0 { words.insert(fragment, at: at) }
                text = words.joined(separator: " ")
            }
            let filter: RunFilter
            do throws(FilterError) {
                filter = try FilterParser.parse(text)
            } catch {
                #expect(error.column >= 1 && error.column <= text.count + 1, "\(text): \(error)")
                continue
            }
            _ = try filter.compiledSQL()
            parsed += 1
        }
        print(
            "fuzz filter tokens: \(iterations) inputs, \(parsed) parsed, \(Date().timeIntervalSince(started)) s"
        )
        #expect(parsed > 0 && parsed < iterations)
    }

    /// A random filter tree, a random literal and a random name are all drawn from one stream.
    struct Generator {
        var random: RandomStream
        var literals: [String] = []

        mutating func text() -> String {
            let piece = FilterFuzzTests.hostileTexts[
                random.nextInt(below: FilterFuzzTests.hostileTexts.count)]
            let text = "zq\(random.nextInt(below: 1_000_000))" + piece
            literals.append(text)
            return text
        }

        mutating func value() -> FilterValue {
            if random.nextInt(below: 2) == 0 { return .text(text()) }
            let number = Double(random.nextInt(in: 100_000...999_999)) + 0.25
            literals.append(String(Int(number)))
            return .number(number)
        }

        mutating func name() -> String {
            let name =
                "nm\(random.nextInt(below: 1_000_000))" + (random.nextInt(below: 2) == 0 ? ".x-y_z" : "")
            literals.append(name)
            return name
        }

        mutating func field() -> FilterField {
            switch random.nextInt(below: 4) {
            case 0: .column(FilterField.columns[random.nextInt(below: FilterField.columns.count)])
            case 1: .param(name())
            case 2: .metric(name())
            default: .tag
            }
        }

        mutating func filter(depth: Int) -> RunFilter {
            let choice = depth >= 6 ? 3 + random.nextInt(below: 3) : random.nextInt(below: 6)
            switch choice {
            case 0: return .and(filter(depth: depth + 1), filter(depth: depth + 1))
            case 1: return .or(filter(depth: depth + 1), filter(depth: depth + 1))
            case 2: return .not(filter(depth: depth + 1))
            case 3:
                let operators: [FilterOperator] = [
                    .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
                ]
                return .compare(field(), operators[random.nextInt(below: operators.count)], value())
            case 4: return .among(field(), (0...random.nextInt(below: 3)).map { _ in value() })
            default: return .like(field(), text())
            }
        }
    }

    /// Filter text for a tree, fully parenthesised, with text in either kind of quote.
    static func render(_ filter: RunFilter, using random: inout RandomStream) -> String {
        func literal(_ value: FilterValue) -> String {
            switch value {
            case .number(let number): return "\(number)"
            case .text(let text):
                let quote = random.nextInt(below: 2) == 0 ? "'" : "\""
                return quote + text.replacing(quote, with: quote + quote) + quote
            }
        }
        switch filter {
        case .and(let left, let right):
            return "(\(render(left, using: &random)) AND \(render(right, using: &random)))"
        case .or(let left, let right):
            return "(\(render(left, using: &random)) or \(render(right, using: &random)))"
        case .not(let inner): return "not (\(render(inner, using: &random)))"
        case .compare(let field, let op, let value): return "\(field) \(op.rawValue) \(literal(value))"
        case .among(let field, let values):
            return "\(field) in [\(values.map(literal).joined(separator: ", "))]"
        case .like(let field, let pattern): return "\(field) like \(literal(.text(pattern)))"
        }
    }

    @Test func randomValidFiltersRoundTripAndBindEveryLiteral() throws {
        var generator = Generator(random: Fuzz.stream("filter-trees"))
        let iterations = Fuzz.iterations
        let started = Date()
        for _ in 0..<iterations {
            generator.literals = []
            let filter = generator.filter(depth: 0)
            let text = Self.render(filter, using: &generator.random)
            let parsed = try FilterParser.parse(text)
            #expect(parsed == filter, "\(text)")
            let sql = try parsed.compiledSQL()
            for literal in generator.literals {
                #expect(!sql.contains(literal), "'\(literal)' was spliced into \(sql)")
            }
            #expect(!sql.contains("zq") && !sql.contains("nm"))
        }
        print("fuzz filter trees: \(iterations) inputs, \(Date().timeIntervalSince(started)) s")
    }

    @Test(arguments: ["(", "not ", "status = 'a' or ", "(not "])
    func deeplyNestedFiltersAreRefusedWithAColumnNotACrash(_ unit: String) throws {
        let text = String(repeating: unit, count: 100_000) + "status = 'done'"
        let error = #expect(throws: FilterError.self) { try FilterParser.parse(text) }
        #expect(error?.message.contains("deeper than \(FilterParser.maximumDepth) levels") == true)
    }

    @Test func aFilterAtTheDepthLimitStillParsesAndRuns() throws {
        let depth = FilterParser.maximumDepth
        let text =
            String(repeating: "(", count: depth) + "status = 'done'" + String(repeating: ")", count: depth)
        let fixture = try FilterQueryTests.Fixture()
        #expect(try fixture.store.runs(filter: text).count == 5)
    }

    /// Random filters, valid and not, run against a real store, which must keep all its data.
    @Test func randomFiltersAgainstAStoreLeaveItsDataIntact() throws {
        let fixture = try FilterQueryTests.Fixture()
        var random = Fuzz.stream("filter-store")
        for _ in 0..<min(Fuzz.iterations, 2_000) {
            var text = Self.randomTokens(using: &random)
            if random.nextInt(below: 2) == 0 {
                text = "params.model = " + ["'", "\""][random.nextInt(below: 2)] + text
            }
            _ = try? fixture.store.runs(filter: text)
        }
        #expect(try fixture.store.runs().count == 6)
        #expect(try fixture.store.verify().isHealthy)
    }

    /// Replays the filter corpus: one filter per line; `seed-` files must parse, `bad-` files must
    /// throw `FilterError`, line by line.
    @Test func filterCorpusReplays() throws {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let directory = fixtures.appending(path: "fuzz-corpus/filter")
        let files = try Fuzz.corpusFiles(in: directory)
        #expect(!files.isEmpty)
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
            for line in lines {
                let parses = (try? FilterParser.parse(line)) != nil
                #expect(
                    parses == file.lastPathComponent.hasPrefix("seed-"), "\(file.lastPathComponent): \(line)")
            }
        }
    }
}
