/// The canonical text of a JSON value: the bytes that decide cache keys, so they must never drift.
///
/// The form follows RFC 8785 (JSON Canonicalization Scheme):
/// - no whitespace; object members sorted by the UTF-16 code units of their keys;
/// - strings: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00xx` (lowercase
///   hex), everything else as literal UTF-8 (no `\/`, no escaped non-ASCII);
/// - numbers: the ECMAScript `Number.prototype.toString` form of the shortest round-trip decimal
///   (`1`, `0.1`, `1e-7`, `1e+21`, `-0` prints as `0`). Integral values therefore carry no decimal
///   point. One addition to RFC 8785: `integer` values beyond 2^53 print exactly, digit for digit.
extension JSONValue {
    /// The canonical text (see the type's documentation for the exact rules).
    public var canonicalText: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    /// The canonical text as UTF-8 bytes, the input to hashing.
    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    private func writeCanonical(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .integer(let value):
            output += String(value)
        case .number(let value):
            output += CanonicalNumber.format(value)
        case .string(let value):
            CanonicalJSONString.write(value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCanonical(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                CanonicalJSONString.write(key, to: &output)
                output += ":"
                members[key]?.writeCanonical(to: &output)
            }
            output += "}"
        }
    }
}

/// String escaping of the canonical form.
enum CanonicalJSONString {
    private static let hexDigits = Array("0123456789abcdef")

    static func write(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{00}"..."\u{1F}":
                let value = Int(scalar.value)
                output += "\\u00"
                output.append(hexDigits[value >> 4])
                output.append(hexDigits[value & 0xF])
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
