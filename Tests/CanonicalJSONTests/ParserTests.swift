import CanonicalJSON
import Testing

@Suite struct ParserTests {
    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul", "\"abc", "[1 2]",
        "{\"a\" 1}", "{1:2}", "\"\\x\"", "\"\\u12\"", "NaN", "Infinity", "[1]x", "'a'", "\"tab\there\"",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(throws: CanonicalJSONError.self) { try JSONParser.parse(text) }
    }

    @Test func duplicateKeysAreRefused() {
        #expect(throws: CanonicalJSONError.duplicateKey("a", offset: 8)) {
            try JSONParser.parse(#"{"a":1, "a":2}"#)
        }
    }

    @Test func loneSurrogatesAreRefusedAndPairsDecode() throws {
        #expect(throws: CanonicalJSONError.self) { try JSONParser.parse(#""\ud83d""#) }
        #expect(throws: CanonicalJSONError.self) { try JSONParser.parse(#""\ude00x""#) }
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]  // "a\xC3(" : a truncated two-byte sequence
        #expect(throws: CanonicalJSONError.self) { try JSONParser.parse(bytes) }
    }

    @Test func integersBeyondSixtyFourBitsAreRefusedNotRounded() throws {
        #expect(throws: CanonicalJSONError.unrepresentableNumber("9223372036854775808")) {
            try JSONParser.parse("9223372036854775808")
        }
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int64.max))
        // The canonical text of a large double has no exponent; it must read back as that double.
        #expect(try JSONParser.parse("-66789431980503100000") == .number(-66_789_431_980_503_100_000))
        #expect(throws: CanonicalJSONError.unrepresentableNumber("-66789431980503100001")) {
            try JSONParser.parse("-66789431980503100001")
        }
        #expect(throws: CanonicalJSONError.unrepresentableNumber("1e400")) { try JSONParser.parse("1e400") }
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() throws {
        let limit = JSONParser.maximumDepth
        let ok = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: CanonicalJSONError.tooDeep(limit: limit, offset: limit)) {
            try JSONParser.parse(deep)
        }
    }

    @Test func errorsNameTheLineAndColumn() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": 1,\n  \"b\": tru\n}")
            Issue.record("expected a syntax error")
        } catch {
            guard case .syntax(_, _, let line, let column) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(line == 3)
            #expect(column == 8)
            #expect(error.description.hasPrefix("invalid JSON at line 3, column 8"))
        }
    }

    @Test func escapesDecodeToTheirCharacters() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé"))
    }
}
