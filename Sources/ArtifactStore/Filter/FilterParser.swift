/// Parses the filter language of `RunFilter` from text, reporting the column of any error.
public struct FilterParser {
    private var tokens: [FilterToken]
    private var index = 0
    private let endColumn: Int

    /// Names that exist, for refusing unknown `params.`/`metrics.` fields (nil: accept any).
    public struct KnownNames: Sendable {
        public var params: Set<String>
        public var metrics: Set<String>

        public init(params: Set<String>, metrics: Set<String>) {
            self.params = params
            self.metrics = metrics
        }
    }

    private var known: KnownNames?

    /// The deepest expression accepted: nested parentheses, `not`s and chained `and`/`or` operands
    /// together. Parsing and compiling recurse once per level, and SQLite refuses expressions
    /// deeper than 1000, so a hostile filter such as 100,000 `(` is refused here with its column
    /// instead of exhausting the stack.
    public static let maximumDepth = 100

    private var depth = 0

    /// Parses a whole filter expression; with `known`, a parameter or metric no run has is an error.
    public static func parse(_ text: String, known: KnownNames? = nil) throws(FilterError) -> RunFilter {
        var parser = FilterParser(tokens: try FilterLexer.tokens(of: text), endColumn: text.count + 1)
        parser.known = known
        guard !parser.tokens.isEmpty else { throw FilterError("the filter is empty", column: 1) }
        let filter = try parser.disjunction()
        if let extra = parser.peek() {
            throw FilterError(
                "unexpected \(extra.kind.quoted) after a complete expression", column: extra.column)
        }
        return filter
    }

    /// Parses a field name (for `--sort`).
    public static func parseField(_ text: String, known: KnownNames? = nil) throws(FilterError) -> FilterField
    {
        var parser = FilterParser(tokens: try FilterLexer.tokens(of: text), endColumn: text.count + 1)
        parser.known = known
        let field = try parser.field()
        if let extra = parser.peek() {
            throw FilterError("unexpected \(extra.kind.quoted)", column: extra.column)
        }
        return field
    }

    private init(tokens: [FilterToken], endColumn: Int) {
        self.tokens = tokens
        self.endColumn = endColumn
    }

    private func peek() -> FilterToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func next() -> FilterToken? {
        defer { index += 1 }
        return peek()
    }

    private func errorHere(_ expected: String) -> FilterError {
        if let token = peek() {
            return FilterError("expected \(expected), found \(token.kind.quoted)", column: token.column)
        }
        return FilterError("expected \(expected) at the end of the filter", column: endColumn)
    }

    private mutating func takeKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = peek()?.kind, word.lowercased() == keyword {
            index += 1
            return true
        }
        return false
    }

    /// Goes one level deeper, refusing to pass `maximumDepth`; callers restore `depth` on return.
    private mutating func descend() throws(FilterError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw FilterError(
                "the filter nests deeper than \(Self.maximumDepth) levels",
                column: peek()?.column ?? endColumn)
        }
    }

    private mutating func disjunction() throws(FilterError) -> RunFilter {
        let entry = depth
        defer { depth = entry }
        var result = try conjunction()
        while takeKeyword("or") {
            try descend()
            result = .or(result, try conjunction())
        }
        return result
    }

    private mutating func conjunction() throws(FilterError) -> RunFilter {
        let entry = depth
        defer { depth = entry }
        var result = try negation()
        while takeKeyword("and") {
            try descend()
            result = .and(result, try negation())
        }
        return result
    }

    private mutating func negation() throws(FilterError) -> RunFilter {
        if takeKeyword("not") {
            try descend()
            defer { depth -= 1 }
            return .not(try negation())
        }
        return try primary()
    }

    private mutating func primary() throws(FilterError) -> RunFilter {
        if peek()?.kind == .symbol("(") {
            index += 1
            try descend()
            defer { depth -= 1 }
            let inner = try disjunction()
            guard peek()?.kind == .symbol(")") else { throw errorHere("')'") }
            index += 1
            return inner
        }
        let field = try field()
        if takeKeyword("in") {
            guard peek()?.kind == .symbol("[") else { throw errorHere("'[' to start the list after 'in'") }
            index += 1
            var values = [try value()]
            while peek()?.kind == .symbol(",") {
                index += 1
                values.append(try value())
            }
            guard peek()?.kind == .symbol("]") else { throw errorHere("',' or ']' in the list") }
            index += 1
            return .among(field, values)
        }
        if takeKeyword("like") {
            let patternColumn = peek()?.column ?? endColumn
            guard case .text(let pattern) = try value() else {
                throw FilterError("'like' needs a quoted text pattern", column: patternColumn)
            }
            return .like(field, pattern)
        }
        guard case .symbol(let symbol) = peek()?.kind, let op = FilterOperator(rawValue: symbol) else {
            throw errorHere("a comparison (= != < <= > >= in like)")
        }
        index += 1
        return .compare(field, op, try value())
    }

    private mutating func field() throws(FilterError) -> FilterField {
        guard let token = peek(), case .word(let first) = token.kind,
            !["and", "or", "not", "in", "like"].contains(first.lowercased())
        else { throw errorHere("a field name") }
        index += 1
        var parts = [first]
        while peek()?.kind == .symbol(".") {
            index += 1
            guard case .word(let part) = peek()?.kind else { throw errorHere("a name after '.'") }
            index += 1
            parts.append(part)
        }
        let rest = parts.dropFirst().joined(separator: ".")
        switch parts[0] {
        case "params" where parts.count > 1:
            if let known, !known.params.contains(rest) {
                throw FilterError(
                    "no run has a parameter '\(rest)' (parameters: \(known.params.sorted().joined(separator: ", ")))",
                    column: token.column)
            }
            return .param(rest)
        case "metrics" where parts.count > 1:
            if let known, !known.metrics.contains(rest) {
                throw FilterError(
                    "no run has a metric '\(rest)' (metrics: \(known.metrics.sorted().joined(separator: ", ")))",
                    column: token.column)
            }
            return .metric(rest)
        case let name where parts.count == 1 && FilterField.columns.contains(name): return .column(name)
        case "tag" where parts.count == 1: return .tag
        default:
            throw FilterError(
                "unknown field '\(parts.joined(separator: "."))' (fields: \(FilterField.columns.joined(separator: ", ")), "
                    + "tag, params.NAME, metrics.NAME)", column: token.column)
        }
    }

    private mutating func value() throws(FilterError) -> FilterValue {
        guard let token = next() else {
            index -= 1
            throw errorHere("a value")
        }
        switch token.kind {
        case .number(let number): return .number(number)
        case .text(let text): return .text(text)
        default:
            index -= 1
            throw errorHere("a number or a quoted text")
        }
    }
}
