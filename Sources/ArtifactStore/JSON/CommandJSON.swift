public import Foundation

/// The one JSON rendering of the query commands' output (`runs`, `show`, `diff`, `lineage`,
/// `seeds` with `--json`) and of the web view's `/api/` endpoints, so the two can never differ:
/// pretty-printed, keys sorted, slashes unescaped, empty containers on one line.
public enum CommandJSON {
    /// `value` as UTF-8 JSON text, without a final newline.
    public static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Foundation prints an empty container over three lines; raw newlines never occur inside
        // JSON strings, so collapsing whitespace-only containers cannot touch a value.
        return String(decoding: try encoder.encode(value), as: UTF8.self)
            .replacing(/\[\n\s*\]/, with: "[]").replacing(/\{\n\s*\}/, with: "{}")
    }
}
