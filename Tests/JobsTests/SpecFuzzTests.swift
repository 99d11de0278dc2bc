import CanonicalJSON
import Foundation
import Jobs
import NumericCore
import RandomStreams
import Runs
import TestSupport
import Testing

/// Property-based fuzzing of the run-spec reader: every mutated spec text either reads as a spec
/// or throws `CanonicalJSONError` (not JSON) or `RunError` (not a spec), never anything else.
@Suite struct SpecFuzzTests {
    static func corpus() throws -> [URL] {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try Fuzz.corpusFiles(in: fixtures.appending(path: "fuzz-corpus/spec"))
    }

    /// Reads `text` as a spec; true when it is one. Any error but the two module errors is recorded.
    static func reads(_ text: String, label: String) -> Bool {
        do {
            let spec = try SpecRunner.parse(text)
            #expect(SpecRunner.kinds.contains(spec.kind), "\(label)")
            return true
        } catch is CanonicalJSONError {
            return false
        } catch is RunError {
            return false
        } catch {
            Issue.record("\(label): unexpected error \(error)")
            return false
        }
    }

    /// Structural mutations that keep the text JSON: a field replaced by a random JSON value.
    static func fieldMutant(using random: inout RandomStream) -> String {
        let fields = ["kind", "params", "inputs", "seed", "engine_version", "extra"]
        let values = [
            "null", "true", "1", "-1", "1.5", "9223372036854775807", "1e400", "\"dataset\"", "\"label\"",
            "\"train\"", "{}", "[]", "{\"clean\": \"abc\"}",
            "{\"clean\": \"" + String(repeating: "0", count: 64) + "\"}", "{\"a\": {\"b\": [1, {}]}}",
        ]
        var members: [String] = []
        for field in fields where random.nextInt(below: 2) == 0 {
            members.append("\"\(field)\": " + values[random.nextInt(below: values.count)])
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    @Test func mutatedSpecsReadOrThrowAModuleError() throws {
        let seeds = try Self.corpus().map { [UInt8](try Data(contentsOf: $0)) }
        let mutator = ByteMutator(seeds: seeds)
        var random = Fuzz.stream("spec")
        let iterations = Fuzz.iterations
        var read = 0
        let started = Date()
        for iteration in 0..<iterations {
            let text =
                iteration % 2 == 0
                ? String(decoding: mutator.mutant(using: &random), as: UTF8.self)
                : Self.fieldMutant(using: &random)
            if Self.reads(text, label: "spec mutant \(iteration) of seed \(Fuzz.seed)") { read += 1 }
        }
        print("fuzz spec: \(iterations) inputs, \(read) read, \(Date().timeIntervalSince(started)) s")
        #expect(read > 0 && read < iterations)
    }

    /// Replays the spec corpus: `seed-` files read as specs, `bad-` files throw.
    @Test func specCorpusReplays() throws {
        let files = try Self.corpus()
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(
                Self.reads(text, label: file.lastPathComponent) == file.lastPathComponent.hasPrefix("seed-"))
        }
    }
}
