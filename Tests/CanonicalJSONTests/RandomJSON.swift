import CanonicalJSON
import RandomStreams

/// Random JSON values and random (non-canonical) texts for them.
enum RandomJSON {
    static let keyAlphabet: [Character] = [
        "a", "b", "z", "_", "é", "\u{1F600}", "\u{E000}", "\"", "\\", "\n", "1",
    ]

    static func value(depth: Int, using generator: inout RandomStream) -> JSONValue {
        let choice =
            depth > 3 ? Int.random(in: 0..<5, using: &generator) : Int.random(in: 0..<7, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &generator))
        case 3:
            let bits = generator.next()
            let double = Double(bitPattern: bits)
            return .number(double.isFinite ? double : Double(bits >> 12))
        case 4: return .string(string(using: &generator))
        case 5:
            return .array(
                (0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                    value(depth: depth + 1, using: &generator)
                })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0..<4, using: &generator) {
                members[string(using: &generator)] = value(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    static func string(using generator: inout RandomStream) -> String {
        String(
            (0..<Int.random(in: 0..<6, using: &generator)).map { _ in
                keyAlphabet.randomElement(using: &generator) ?? "a"
            })
    }

    /// A valid JSON text for `value` with members in a random order, random whitespace, escaped
    /// characters and numbers written with exponents: everything canonicalisation must undo.
    static func reorderedText(of value: JSONValue, using generator: inout RandomStream) -> String {
        let space = [" ", "", "\n", "\t"].randomElement(using: &generator) ?? ""
        switch value {
        case .null, .bool, .integer: return space + value.canonicalText + space
        case .number(let double):
            return space
                + (Bool.random(using: &generator)
                    ? "\(double)".replacing("e+", with: "E+") : value.canonicalText)
        case .string(let text):
            let escaped = text.unicodeScalars.map { scalar -> String in
                if scalar == "\"" { return "\\\"" }
                if scalar == "\\" { return "\\\\" }
                if scalar == "\n" { return "\\n" }
                if scalar.isASCII { return String(scalar) }
                return String(
                    scalar.utf16.map { "\\u" + String($0, radix: 16, uppercase: true).leftPadded(4) }.joined()
                )
            }.joined()
            return space + "\"" + escaped + "\""
        case .array(let elements):
            return "[" + elements.map { reorderedText(of: $0, using: &generator) }.joined(separator: ",")
                + space + "]"
        case .object(let members):
            let parts = members.shuffled(using: &generator).map { key, member in
                reorderedText(of: .string(key), using: &generator) + ":"
                    + reorderedText(of: member, using: &generator)
            }
            return "{" + space + parts.joined(separator: ",") + "}"
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
