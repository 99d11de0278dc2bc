import ArtifactStore
import CanonicalJSON
import Foundation
import Imaging
import Jobs
import LabelNoise
import RandomStreams
import Runs
import TestSupport
import Testing

@Suite struct LabelJobTests {
    /// A 32x24 mask with a filled rectangle and a diagonal line.
    static func mask() -> LabelMap {
        var labels = [UInt8](repeating: 0, count: 32 * 24)
        for y in 0..<24 {
            for x in 0..<32 where (x >= 4 && x < 14 && y >= 5 && y < 18) || x == y + 6 {
                labels[y * 32 + x] = 1
            }
        }
        return LabelMap(width: 32, height: 24, labels: labels)
    }

    static func recipes() throws -> [NoiseRecipe] {
        [
            .sampling(try RandomSampling(p: 0.1)),
            .sampling(try RandomSampling(p: 0.3, unsampled: .background)),
            .flipping(try RandomFlipping(p: 0.2)),
            .flipping(try RandomFlipping(p: 0.2, classes: 3)),
            .generation(try RandomGeneration(p: 0.4)),
            .morphology(try MorphologicalNoise(steps: [.dilate])),
            .morphology(try MorphologicalNoise(steps: [.erode, .dilate, .skeleton])),
        ]
    }

    @Test func aLabelIsStoredWithLineageAndTheSecondRequestIsCached() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let recipe = NoiseRecipe.sampling(try RandomSampling(p: 0.1))
        let job = LabelJob(recipe: recipe, seed: 5)
        let first = try job.run(clean: Self.mask(), store: store)
        let second = try job.run(clean: Self.mask(), store: store)
        #expect(!first.run.cached)
        #expect(second.run.cached)
        #expect(second.label == first.label && second.run.id == first.run.id)

        let expected = try recipe.apply(to: Self.mask(), seed: 5)
        let blob = try store.get(first.label)
        #expect(blob.kind == .label)
        #expect([UInt8](blob.bytes) == expected.canonicalBytes)
        #expect(try store.get(first.clean).bytes == Data(Self.mask().canonicalBytes))
        #expect(
            second.foreground == expected.labelledForegroundCount
                && second.ignored == expected.ignoredPixelCount)

        let record = try #require(try store.run(first.run.id))
        #expect(record.kind == "label")
        #expect(record.seed == 5)
        #expect(record.inputs == ["clean": first.clean])
        #expect(record.outputs == ["label": first.label])
        #expect(record.params == ["noise": .text("rs"), "p": .number(0.1), "variant": .text("ignore")])
        #expect(record.metrics["foreground"] == Double(expected.labelledForegroundCount))
        #expect(try store.runs().count == 1)
    }

    @Test func forcingARunRecomputesTheSameLabel() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let job = LabelJob(recipe: .flipping(try RandomFlipping(p: 0.3)), seed: 9)
        let first = try job.run(clean: Self.mask(), store: store)
        let forced = try job.run(clean: Self.mask(), store: store, force: true)
        #expect(!forced.run.cached)
        #expect(forced.label == first.label)
    }

    @Test func seedsChangeRandomLabelsAndAreDroppedForMorphology() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let generation = NoiseRecipe.generation(try RandomGeneration(p: 0.5))
        let one = try LabelJob(recipe: generation, seed: 1).run(clean: Self.mask(), store: store)
        let two = try LabelJob(recipe: generation, seed: 2).run(clean: Self.mask(), store: store)
        #expect(one.run.id != two.run.id && one.label != two.label)

        let dilation = NoiseRecipe.morphology(try MorphologicalNoise(steps: [.dilate]))
        #expect(LabelJob(recipe: dilation, seed: 1).seed == nil)
        let first = try LabelJob(recipe: dilation, seed: 1).run(clean: Self.mask(), store: store)
        let second = try LabelJob(recipe: dilation, seed: 2).run(clean: Self.mask(), store: store)
        #expect(second.run.cached && second.run.id == first.run.id)
        #expect(try store.run(first.run.id)?.seed == nil)
    }

    @Test func paramsHaveOneShapePerRecipeAndReadBack() throws {
        let expected: [JSONValue] = [
            ["noise": "rs", "p": 0.1, "variant": "ignore"],
            ["noise": "rs", "p": 0.3, "variant": "background"],
            ["noise": "rf", "p": 0.2, "classes": 2],
            ["noise": "rf", "p": 0.2, "classes": 3],
            ["noise": "rl", "p": 0.4],
            ["noise": "dilate"],
            ["noise": "pcl", "steps": ["erode", "dilate", "skeleton"]],
        ]
        for (recipe, params) in zip(try Self.recipes(), expected) {
            let job = LabelJob(recipe: recipe, seed: 3)
            #expect(JSONValue.object(job.params) == params)
            #expect(try LabelJob(params: job.params, seed: job.seed) == job)
        }
    }

    @Test func badParamsAreRefusedByName() {
        let cases: [([String: JSONValue], Seed?, String)] = [
            (["p": 0.1], 1, "noise"),
            (["noise": "rs"], 1, "p"),
            (["noise": "rs", "p": 0.1, "variant": "zero"], 1, "variant"),
            (["noise": "rl", "p": 0.1, "classes": 2], 1, "classes"),
            (["noise": "rl", "p": 1.5], 1, "params"),
            (["noise": "rl", "p": 0.5], nil, "seed"),
            (["noise": "blur"], nil, "noise"),
            (["noise": "pcl", "steps": ["dilate", "open"]], nil, "steps"),
        ]
        for (params, seed, name) in cases {
            let error = #expect(throws: RunError.self) { try LabelJob(params: params, seed: seed) }
            #expect(error?.subject == name, "\(params): \(String(describing: error))")
        }
    }

    @Test func aLabelThatDoesNotSuitTheRecipeStoresAndRecordsNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("db.sqlite")
        let store = try Store(path: path)
        var labels = Self.mask()
        labels.labels[40] = 2
        let job = LabelJob(recipe: .morphology(try MorphologicalNoise(steps: [.skeleton])), seed: 0)
        #expect(throws: LabelNoiseError.notBinary(value: 2)) { try job.run(clean: labels, store: store) }
        #expect(try store.runs().isEmpty)
        #expect(try StoreFixtures.fetchInt(path: path, sql: "SELECT COUNT(*) FROM blobs") == 0)
    }

    @Test func aStoredCleanLabelCanBeUsedByIDButOnlyIfItIsALabel() throws {
        let directory = try TemporaryDirectory()
        let store = try Store(path: directory.path("db.sqlite"))
        let cleanID = try store.put(kind: .label, bytes: Data(Self.mask().canonicalBytes))
        let job = LabelJob(recipe: .generation(try RandomGeneration(p: 0.2)), seed: 4)
        let byID = try job.run(cleanID: cleanID, store: store)
        let byValue = try job.run(clean: Self.mask(), store: store)
        #expect(byValue.run.cached && byValue.label == byID.label)

        let curve = try store.put(kind: .curve, bytes: Data("[]".utf8))
        let error = #expect(throws: RunError.self) { try job.run(cleanID: curve, store: store) }
        if case .invalidInput(let name, let reason) = error {
            #expect(name == "clean" && reason.contains("curve"))
        } else {
            Issue.record("\(String(describing: error))")
        }
    }
}
