public import ArtifactStore
public import CanonicalJSON
import Foundation
public import Imaging
public import LabelNoise
public import RandomStreams
public import Runs

/// Makes one noisy label through the cache: the clean label is stored as a `label` artifact, the
/// run is `kind: "label"` with the recipe as parameters, the clean label as input `clean` and the
/// seed (`null` for morphology, which draws nothing), and its output `label` is the noisy label's
/// canonical bytes. The same clean label, recipe and seed are one run id, answered from the store
/// the second time.
///
/// Parameters (`params`), one shape per recipe:
/// - RS: `{"noise": "rs", "p": p, "variant": "ignore" | "background"}`
/// - RF: `{"noise": "rf", "p": p, "classes": M}` (M = 2 for binary masks)
/// - RL: `{"noise": "rl", "p": p}`
/// - PCL: `{"noise": "dilate" | "erode" | "skeleton"}` for one step,
///   `{"noise": "pcl", "steps": ["dilate", "erode", …]}` for a sequence.
public struct LabelJob: Sendable, Equatable {
    /// The run kind of label jobs.
    public static let kind = RunKind.label

    public let recipe: NoiseRecipe
    /// The run seed; `nil` exactly when the recipe draws nothing.
    public let seed: Seed?

    /// A job for `recipe`; `seed` is kept for random recipes and dropped for morphology, so a
    /// morphology run has one id whatever seed a caller passes.
    public init(recipe: NoiseRecipe, seed: Seed) {
        self.recipe = recipe
        self.seed = recipe.isRandom ? seed : nil
    }

    /// The run's parameters (see the type's documentation).
    public var params: [String: JSONValue] {
        switch recipe {
        case .sampling(let sampling):
            ["noise": "rs", "p": .number(sampling.p), "variant": .string(sampling.unsampled.rawValue)]
        case .flipping(let flipping):
            ["noise": "rf", "p": .number(flipping.p), "classes": .integer(Int64(flipping.classes))]
        case .generation(let generation):
            ["noise": "rl", "p": .number(generation.p)]
        case .morphology(let morphology):
            morphology.steps.count == 1
                ? ["noise": .string(morphology.steps[0].rawValue)]
                : ["noise": "pcl", "steps": .array(morphology.steps.map { .string($0.rawValue) })]
        }
    }

    /// The spec of the run on the clean label `clean`.
    public func spec(clean: ContentID) -> RunSpec {
        RunSpec(kind: Self.kind, params: params, inputs: ["clean": clean], seed: seed)
    }

    /// Stores `clean` as a `label` artifact and makes its noisy label, or finds it in the store.
    ///
    /// - Throws: `LabelNoiseError` when `clean` does not suit the recipe (checked before anything
    ///   is stored), `StoreError` from the store.
    public func run(clean: LabelMap, store: Store, force: Bool = false) throws -> LabelOutcome {
        try recipe.validate(clean)
        let cleanID = try store.put(kind: .label, bytes: Data(clean.canonicalBytes))
        return try run(clean: clean, cleanID: cleanID, store: store, force: force)
    }

    /// Makes the noisy label of the clean label stored as `cleanID`.
    ///
    /// - Throws: `RunError.invalidInput` when `cleanID` is not a `label` artifact,
    ///   `ImagingError` when its bytes do not decode, `LabelNoiseError` when it does not suit the
    ///   recipe, `StoreError` from the store.
    public func run(cleanID: ContentID, store: Store, force: Bool = false) throws -> LabelOutcome {
        let blob = try store.get(cleanID)
        guard blob.kind == .label else {
            throw RunError.invalidInput(
                name: "clean", reason: "artifact \(cleanID.short) is a \(blob.kind), not a label")
        }
        let clean = try LabelMap(canonicalBytes: [UInt8](blob.bytes))
        try recipe.validate(clean)
        return try run(clean: clean, cleanID: cleanID, store: store, force: force)
    }

    private func run(clean: LabelMap, cleanID: ContentID, store: Store, force: Bool) throws -> LabelOutcome {
        let outcome = try InstantRunner(store: store).run(spec(clean: cleanID), force: force) {
            let noisy = try recipe.apply(to: clean, seed: seed ?? 0)
            return RunProduct(
                artifacts: ["label": ProducedArtifact(kind: .label, bytes: Data(noisy.canonicalBytes))],
                metrics: [
                    "foreground": Double(noisy.labelledForegroundCount),
                    "ignored": Double(noisy.ignoredPixelCount),
                ])
        }
        guard let label = outcome.outputs["label"] else {
            throw RunError.cachedOutputMissing(run: outcome.id.hex, role: "label")
        }
        return LabelOutcome(
            run: outcome, clean: cleanID, label: label, foreground: Int(outcome.metrics["foreground"] ?? 0),
            ignored: Int(outcome.metrics["ignored"] ?? 0))
    }
}
