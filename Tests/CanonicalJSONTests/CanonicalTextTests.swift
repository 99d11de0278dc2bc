import CanonicalJSON
import Foundation
import RandomStreams
import Testing

@Suite struct CanonicalTextTests {
    @Test func objectKeysAreSortedAndWhitespaceIsDropped() throws {
        let value = try JSONParser.parse(
            #" { "b" : 1 , "a" : [ true , null , "x" ] , "c" : { "z" : 0 , "y" : 1 } } "#)
        #expect(value.canonicalText == #"{"a":[true,null,"x"],"b":1,"c":{"y":1,"z":0}}"#)
    }

    @Test func keysSortByUTF16CodeUnitsNotByScalars() {
        // U+1F600 is the surrogate pair D83D DE00 in UTF-16, which sorts before U+E000 although
        // its scalar value is larger: RFC 8785 sorts by UTF-16 code units.
        let value: JSONValue = ["\u{E000}": 1, "\u{1F600}": 2, "a": 3]
        #expect(value.canonicalText == "{\"a\":3,\"\u{1F600}\":2,\"\u{E000}\":1}")
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() {
        let value = JSONValue.string("q\"b\\s/\u{08}\u{0C}\n\r\t\u{01}\u{1F}é€\u{2028}")
        #expect(value.canonicalText == "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001fé€\u{2028}\"")
    }

    @Test func rfc8785SampleCanonicalisesAsTheRFCShows() throws {
        // The example input and output of RFC 8785 section 3.2.2/3.2.3.
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected =
            #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try JSONParser.parse(input).canonicalText == expected)
    }

    @Test(arguments: [
        (1.0, "1"), (-0.0, "0"), (0.0, "0"), (100.0, "100"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (0.000001, "0.000001"), (1e-7, "1e-7"), (0.1, "0.1"), (-1.5, "-1.5"), (123.456, "123.456"),
        (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.30000000000000004, "0.30000000000000004"),
        (9007199254740992.0, "9007199254740992"), (295147905179352830000.0, "295147905179352830000"),
    ])
    func numbersUseTheECMAScriptLayout(value: Double, expected: String) {
        #expect(JSONValue.number(value).canonicalText == expected)
    }

    @Test func numbersMatchNodeOnThreeThousandValues() throws {
        // numbers.json was written by make_number_fixtures.js under node: [bits, String(x)] pairs.
        let url = try #require(
            Bundle.module.url(forResource: "numbers", withExtension: "json", subdirectory: "Fixtures"))
        let rows = try #require(JSONParser.parse(Array(try Data(contentsOf: url))).arrayValue)
        #expect(rows.count > 3000)
        var mismatches: [String] = []
        for row in rows {
            let pair = try #require(row.arrayValue)
            let bitsText = try #require(pair[0].stringValue)
            let bits = try #require(UInt64(bitsText, radix: 16))
            let expected = try #require(pair[1].stringValue)
            let actual = JSONValue.number(Double(bitPattern: bits)).canonicalText
            if actual != expected {
                mismatches.append("\(Double(bitPattern: bits)): \(actual) ≠ \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func integersPrintExactlyEvenBeyondDoublePrecision() {
        #expect(JSONValue.integer(Int64.max).canonicalText == "9223372036854775807")
        #expect(JSONValue.integer(Int64.min).canonicalText == "-9223372036854775808")
        #expect(JSONValue.integer(9_007_199_254_740_993).canonicalText == "9007199254740993")
    }

    @Test func equalNumbersInEitherRepresentationAreOneKey() throws {
        let texts = ["1", "1.0", "1e0", "10E-1", "1.000"]
        let canonical = try Set(texts.map { try JSONParser.parse($0).canonicalText })
        #expect(canonical == ["1"])
        #expect(JSONValue.integer(2) == JSONValue.number(2.0))
        #expect(JSONValue.integer(2) != JSONValue.number(2.5))
    }

    @Test func canonicalisingTwiceChangesNothing() throws {
        var generator = RandomStream(seed: 42, stream: "json")
        for _ in 0..<3000 {
            let value = RandomJSON.value(depth: 0, using: &generator)
            let once = value.canonicalText
            let twice = try JSONParser.parse(once).canonicalText
            #expect(once == twice)
        }
    }

    @Test func memberOrderInTheSourceDoesNotChangeTheText() throws {
        var generator = RandomStream(seed: 7, stream: "json")
        for _ in 0..<1000 {
            let value = RandomJSON.value(depth: 0, using: &generator)
            let shuffled = RandomJSON.reorderedText(of: value, using: &generator)
            #expect(try JSONParser.parse(shuffled).canonicalText == value.canonicalText)
        }
    }

    @Test func codableStructsCanonicaliseWithoutRegardToPropertyOrder() throws {
        struct SpecA: Encodable {
            let model = "unet"
            let lr = 0.05
            let epochs = 100
            let noise = ["kind": "rf", "p": "0.45"]
        }
        struct SpecB: Encodable {
            let noise = ["p": "0.45", "kind": "rf"]
            let epochs = 100.0
            let lr = 0.05
            let model = "unet"
        }
        let a = try JSONValue(encoding: SpecA())
        let b = try JSONValue(encoding: SpecB())
        #expect(
            a.canonicalText == #"{"epochs":100,"lr":0.05,"model":"unet","noise":{"kind":"rf","p":"0.45"}}"#)
        #expect(a.canonicalText == b.canonicalText)
    }

    @Test func decodingReadsTheValueBack() throws {
        struct Spec: Codable, Equatable {
            let name: String
            let ratio: Double
            let seeds: [Int]
        }
        let spec = Spec(name: "rs", ratio: 0.1, seeds: [1, 2, 3])
        #expect(try JSONValue(encoding: spec).decode(Spec.self) == spec)
    }
}
