/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict because its output decides cache keys: it refuses duplicate keys, lone surrogates,
/// invalid UTF-8, control characters inside strings, leading zeros, trailing content, and
/// integers that do not fit in 64 bits (unless they are the canonical text of a double), instead
/// of guessing what the author meant. Nesting is
/// limited to `maximumDepth` so hostile input cannot exhaust the stack.
public struct JSONParser {
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    /// Parses one JSON document from UTF-8 text.
    public static func parse(_ text: String) throws(CanonicalJSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses one JSON document from UTF-8 bytes; anything but whitespace after it is an error.
    public static func parse(_ bytes: [UInt8]) throws(CanonicalJSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.syntaxError("unexpected content after the document")
        }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Values

    private mutating func parseValue() throws(CanonicalJSONError) -> JSONValue {
        guard let byte = peek() else { throw syntaxError("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw syntaxError("unexpected character \(describe(byte)), expected a value")
        }
    }

    private mutating func parseObject() throws(CanonicalJSONError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw syntaxError("expected a string key") }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            skipWhitespace()
            let value = try parseValue()
            guard members.updateValue(value, forKey: key) == nil else {
                throw .duplicateKey(key, offset: keyOffset)
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "expected ',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(CanonicalJSONError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func enterContainer() throws(CanonicalJSONError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .tooDeep(limit: Self.maximumDepth, offset: position) }
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(CanonicalJSONError) -> JSONValue {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw syntaxError("expected a digit") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), isDigit(next) { throw syntaxError("leading zeros are not allowed") }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let next = peek(), isDigit(next) else { throw syntaxError("expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let next = peek(), isDigit(next) else {
                throw syntaxError("expected a digit in the exponent")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if let value = Int64(text) { return .integer(value) }
            // Beyond 64 bits, accept exactly the texts the canonical writer gives for large doubles
            // (1e20 prints as 100000000000000000000), so canonical text always parses back; any
            // other long integer would be silently rounded, and is refused.
            if let value = Double(text), value.isFinite, CanonicalNumber.format(value) == text {
                return .number(value)
            }
            throw .unrepresentableNumber(text)
        }
        guard let value = Double(text), value.isFinite else { throw .unrepresentableNumber(text) }
        return .number(value)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Strings

    private mutating func parseString() throws(CanonicalJSONError) -> String {
        position += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = position
        while true {
            guard let byte = peek() else { throw syntaxError("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try appendUTF8(bytes[runStart..<position], to: &scalars)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try appendUTF8(bytes[runStart..<position], to: &scalars)
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0x00..<0x20:
                throw syntaxError("control character \(describe(byte)) must be escaped in a string")
            default:
                position += 1
            }
        }
    }

    private mutating func appendUTF8(
        _ run: ArraySlice<UInt8>, to scalars: inout String.UnicodeScalarView
    ) throws(CanonicalJSONError) {
        guard !run.isEmpty else { return }
        var iterator = run.makeIterator()
        var decoder = UTF8()
        var offset = run.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += scalar.utf8.count
            case .emptyInput:
                return
            case .error:
                throw syntaxErrorAt(offset, "invalid UTF-8 in a string")
            }
        }
    }

    private mutating func parseEscape() throws(CanonicalJSONError) -> Unicode.Scalar {
        guard let byte = peek() else { throw syntaxError("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            switch unit {
            case 0xD800...0xDBFF:
                guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw syntaxError("high surrogate without a low surrogate") }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw syntaxError("invalid low surrogate") }
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw syntaxError("invalid surrogate pair") }
                return scalar
            case 0xDC00...0xDFFF:
                throw syntaxError("low surrogate without a high surrogate")
            default:
                guard let scalar = Unicode.Scalar(unit) else { throw syntaxError("invalid \\u escape") }
                return scalar
            }
        default:
            throw syntaxErrorAt(position - 1, "invalid escape \\\(describe(byte))")
        }
    }

    private mutating func parseHex4() throws(CanonicalJSONError) -> UInt16 {
        guard bytes.count - position >= 4 else { throw syntaxError("expected four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt16
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
            default: throw syntaxError("expected a hex digit")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    // MARK: Helpers

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            position += 1
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(CanonicalJSONError) {
        let start = position
        for expected in literal.utf8 {
            guard peek() == expected else {
                throw syntaxErrorAt(start, "invalid literal, expected '\(literal)'")
            }
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(CanonicalJSONError) {
        guard peek() == byte else { throw syntaxError(message) }
        position += 1
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }

    private func syntaxError(_ message: String) -> CanonicalJSONError {
        syntaxErrorAt(position, message)
    }

    /// An error at a byte offset, with the 1-based line and column (in bytes) a reader can find.
    private func syntaxErrorAt(_ offset: Int, _ message: String) -> CanonicalJSONError {
        let clamped = min(offset, bytes.count)
        let before = bytes[..<clamped]
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return .syntax(message: message, offset: clamped, line: line, column: clamped - lineStart + 1)
    }
}
