import CanonicalJSON
import Foundation
import RandomStreams
import TestSupport
import Testing

/// Property-based fuzzing of the strict JSON parser: random values survive a round trip through
/// a random valid text, and random or mutated bytes either parse or throw `CanonicalJSONError`.
@Suite struct JSONFuzzTests {
    /// Decodes `bytes`; true when they parsed. Parsed values must also re-parse from their
    /// canonical text to themselves.
    static func parses(_ bytes: [UInt8]) -> Bool {
        do throws(CanonicalJSONError) {
            let value = try JSONParser.parse(bytes)
            #expect(try JSONParser.parse(value.canonicalText) == value)
            return true
        } catch {
            return false
        }
    }

    @Test func randomValuesRoundTripThroughRandomValidTexts() throws {
        var random = Fuzz.stream("json-values")
        let iterations = Fuzz.iterations
        let started = Date()
        for _ in 0..<iterations {
            let value = RandomJSON.value(depth: 0, using: &random)
            let text = RandomJSON.reorderedText(of: value, using: &random)
            #expect(try JSONParser.parse(text) == value, "\(text)")
        }
        print("fuzz json values: \(iterations) inputs, \(Date().timeIntervalSince(started)) s")
    }

    @Test func randomAndMutatedBytesParseOrThrowCanonicalJSONError() throws {
        var random = Fuzz.stream("json-bytes")
        let alphabet = Array("{}[]:,\"\\ -+.0123456789eEtrufalsn\u{1F600}é\u{0}\n\t/u".utf8)
        let seeds = try Self.corpus().map { try Data(contentsOf: $0) }.map { [UInt8]($0) }
        let mutator = ByteMutator(seeds: seeds)
        let iterations = Fuzz.iterations
        var parsed = 0
        let started = Date()
        for iteration in 0..<iterations {
            let bytes: [UInt8]
            switch iteration % 3 {
            case 0:
                bytes = (0..<random.nextInt(below: 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                bytes = (0..<random.nextInt(below: 40)).map { _ in
                    alphabet[random.nextInt(below: alphabet.count)]
                }
            default:
                bytes = mutator.mutant(using: &random)
            }
            if Self.parses(bytes) { parsed += 1 }
        }
        print(
            "fuzz json bytes: \(iterations) inputs, \(parsed) parsed, \(Date().timeIntervalSince(started)) s")
        #expect(parsed > 0 && parsed < iterations)
    }

    @Test(arguments: ["[", "{\"a\":", "[{\"k\":"])
    func nestingBeyondTheLimitIsRefusedNotACrash(_ opener: String) throws {
        let text = String(repeating: opener, count: 100_000)
        #expect(throws: CanonicalJSONError.self) { try JSONParser.parse(text) }
        let atLimit =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(
                repeating: "]", count: JSONParser.maximumDepth)
        #expect(try JSONParser.parse(atLimit).canonicalText == atLimit)
    }

    static func corpus() throws -> [URL] {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Fuzz.corpusFiles(in: fixtures.appending(path: "fuzz-corpus/json"))
    }

    /// Replays the JSON corpus: `seed-` files parse, `bad-` files throw.
    @Test func jsonCorpusReplays() throws {
        let files = try Self.corpus()
        #expect(!files.isEmpty)
        for file in files {
            let parsed = Self.parses([UInt8](try Data(contentsOf: file)))
            #expect(parsed == file.lastPathComponent.hasPrefix("seed-"), "\(file.lastPathComponent)")
        }
    }
}
