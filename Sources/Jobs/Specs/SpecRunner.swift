public import ArtifactStore
internal import CanonicalJSON
internal import Datasets
internal import Foundation
internal import Imaging
internal import RandomStreams
public import Runs

/// Runs any spec by its kind: how `msdb run SPEC.json` and `msdb audit` execute hand-written or
/// recorded specs. Each kind's parameters are read back by the job that wrote them, so unknown
/// or impossible parameters are refused before anything runs.
public struct SpecRunner: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// The jobs a spec's kind selects.
    public static var registry: RunJobRegistry { .standard }

    /// The kinds a spec may name.
    public static var kinds: [RunKind] { registry.kinds }

    /// Reads a spec file's JSON: `{"kind", "params", "inputs", "seed"}` and optionally
    /// `engine_version`, which must be this engine's.
    ///
    /// - Throws: `CanonicalJSONError` for text that is not JSON, `RunError.invalidSpec` for a
    ///   spec that is not one.
    public static func parse(_ text: String) throws -> RunSpec {
        let json = try JSONParser.parse(text)
        guard case .object(let members) = json else {
            throw RunError.invalidSpec(field: "spec", reason: "must be a JSON object")
        }
        let allowed: Set = ["kind", "params", "inputs", "seed", "engine_version"]
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RunError.invalidSpec(
                field: unknown,
                reason: "not a field of a spec (expected kind, params, inputs, seed, engine_version)")
        }
        guard let name = members["kind"]?.stringValue else {
            throw RunError.invalidSpec(field: "kind", reason: "missing or not a string")
        }
        guard let kind = RunKind(rawValue: name), kinds.contains(kind) else {
            throw RunError.invalidSpec(
                field: "kind",
                reason:
                    "unknown run kind '\(name)': expected \(kinds.map(\.rawValue).joined(separator: ", "))")
        }
        var params: [String: JSONValue] = [:]
        if let value = members["params"], value != .null {
            guard case .object(let object) = value else {
                throw RunError.invalidSpec(field: "params", reason: "must be an object")
            }
            params = object
        }
        var inputs: [String: ContentID] = [:]
        if let value = members["inputs"], value != .null {
            guard case .object(let object) = value else {
                throw RunError.invalidSpec(
                    field: "inputs", reason: "must be an object of artifact ids")
            }
            for (role, id) in object {
                guard let hex = id.stringValue, let content = ContentID(hex: hex) else {
                    throw RunError.invalidSpec(
                        field: "inputs.\(role)", reason: "must be a full 64-digit artifact id")
                }
                inputs[role] = content
            }
        }
        var seed: Seed?
        if let value = members["seed"], value != .null {
            guard let number = value.integerValue else {
                throw RunError.invalidSpec(field: "seed", reason: "must be an integer or null")
            }
            do {
                seed = try Seed(number)
            } catch {
                throw RunError.invalidSpec(field: "seed", reason: error.description)
            }
        }
        if let version = members["engine_version"], version != .null {
            guard version.stringValue == EngineVersion.current else {
                throw RunError.invalidSpec(
                    field: "engine_version",
                    reason: "the spec is for engine \(version.canonicalText); this msdb runs engine "
                        + EngineVersion.current)
            }
        }
        return RunSpec(kind: kind, params: params, inputs: inputs, seed: seed)
    }

    /// Runs `spec` (or answers it from the cache). Inputs must be stored artifacts.
    public func run(
        _ spec: RunSpec, force: Bool = false, progress: (TrainingProgress) throws -> Void = { _ in },
        waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        for (role, id) in spec.inputs.sorted(by: { $0.key < $1.key }) where try !store.exists(id) {
            throw RunError.invalidInput(
                name: "inputs.\(role)", reason: "artifact \(id.hex) is not in the database")
        }
        let job = try Self.registry.job(for: spec)
        return try withoutActuallyEscaping(progress) { progress in
            try withoutActuallyEscaping(waiting) { waiting in
                try job.run(in: JobContext(store: store, force: force, progress: progress, waiting: waiting))
            }
        }
    }

    /// The synthesis request a synthetic `dataset` spec records (imports are refused: their files
    /// live outside the database).
    static func synthesisRequest(_ spec: RunSpec) throws -> SynthesisRequest {
        var reader = SpecParameters(spec.params, kind: spec.kind)
        let source = try reader.string("source", allowed: ["synthetic", "import"])
        guard source == "synthetic" else {
            throw RunError.invalidParameter(
                name: "source",
                reason: "an imported dataset is re-made with `msdb dataset import`, not from a spec")
        }
        let kinds = SyntheticKind.allCases.map(\.rawValue)
        guard let kind = SyntheticKind(rawValue: try reader.string("generator", allowed: kinds)) else {
            preconditionFailure("SpecRunner: generator names and SyntheticKind disagree")
        }
        _ = try reader.string("name", default: kind.rawValue)
        let limit = SynthesisRequest.maximumCount
        let sizes = SplitSizes(
            train: try reader.integer("train", in: 0...limit), val: try reader.integer("val", in: 0...limit),
            test: try reader.integer("test", in: 0...limit))
        let size = try reader.integer("image_size", in: SynthesisRequest.imageSizes)
        try reader.finish()
        guard let seed = spec.seed else {
            throw RunError.invalidParameter(name: "seed", reason: "a synthetic dataset needs a seed")
        }
        return SynthesisRequest(kind: kind, imageSize: size, sizes: sizes, seed: seed)
    }
}
