internal import Foundation

/// A request's query string, decoded: each name with its values in order. Pages read their
/// settings from this rather than from the server's request type, so they can be rendered (and
/// tested) without a server.
public struct QueryItems: Sendable, Equatable {
    var values: [String: [String]]

    public init(_ pairs: [(String, String)] = []) {
        var values: [String: [String]] = [:]
        for (name, value) in pairs { values[name, default: []].append(value) }
        self.values = values
    }

    /// Decodes a raw query string as browsers send it: `&`-separated `name=value` pairs, `+` for a
    /// space, `%XX` escapes (a malformed escape is kept as written).
    public init(rawQuery: String?) {
        let pairs = (rawQuery ?? "").split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        self.init(pairs)
    }

    /// The first value of `name`, nil when absent.
    public subscript(name: String) -> String? { values[name]?.first }

    /// Every value of `name`, each split at commas, blanks dropped (`ids=a,b&ids=c` → a, b, c).
    public func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// A positive integer setting, `fallback` when absent.
    ///
    /// - Throws: `WebError.badRequest` when present but not a whole number in `range`.
    public func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(WebError)
        -> Int
    {
        guard let text = self[name], !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
