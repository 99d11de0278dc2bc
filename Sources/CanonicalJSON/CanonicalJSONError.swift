/// Why a text is not acceptable JSON, or a value cannot be made canonical.
public enum CanonicalJSONError: Error, Equatable, CustomStringConvertible {
    /// The text breaks the JSON grammar at `offset` (a byte offset; `line` and `column` count from 1).
    case syntax(message: String, offset: Int, line: Int, column: Int)
    /// An object repeats a key, which would make its canonical form depend on which copy wins.
    case duplicateKey(String, offset: Int)
    /// Nesting deeper than the parser allows (a guard against stack exhaustion on hostile input).
    case tooDeep(limit: Int, offset: Int)
    /// A number that JSON cannot carry exactly: NaN, an infinity, or an integer beyond 64 bits.
    case unrepresentableNumber(String)
    /// A value could not be encoded to or decoded from JSON.
    case coding(String)

    public var description: String {
        switch self {
        case .syntax(let message, _, let line, let column):
            "invalid JSON at line \(line), column \(column): \(message)"
        case .duplicateKey(let key, let offset):
            "invalid JSON: duplicate key \"\(key)\" at byte \(offset)"
        case .tooDeep(let limit, let offset):
            "invalid JSON: nesting deeper than \(limit) levels at byte \(offset)"
        case .unrepresentableNumber(let text):
            "number \(text) cannot be represented exactly in canonical JSON"
        case .coding(let message):
            "cannot convert to JSON: \(message)"
        }
    }
}
