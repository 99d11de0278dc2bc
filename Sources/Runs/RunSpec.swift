public import ArtifactStore
public import CanonicalJSON
public import RandomStreams

/// What a run is: its kind, every parameter, the artifacts it reads, its seed and the engine
/// version. The canonical JSON of a spec is the run's cache key; its SHA-256 is the run id.
///
/// Canonical form: `{"engine_version": …, "inputs": {role: id}, "kind": …, "params": {…}, "seed": …}`
/// (keys sorted by the canonical writer; `seed` is `null` for deterministic runs).
public struct RunSpec: Sendable, Equatable {
    public var kind: RunKind
    public var params: [String: JSONValue]
    public var inputs: [String: ContentID]
    /// The seed of a run that draws random numbers; nil for a deterministic one.
    public var seed: Seed?
    public var engineVersion: String

    public init(
        kind: RunKind, params: [String: JSONValue] = [:], inputs: [String: ContentID] = [:],
        seed: Seed? = nil,
        engineVersion: String = EngineVersion.current
    ) {
        self.kind = kind
        self.params = params
        self.inputs = inputs
        self.seed = seed
        self.engineVersion = engineVersion
    }

    /// The spec as one JSON value.
    public var json: JSONValue {
        .object([
            "kind": .string(kind.rawValue),
            "params": .object(params),
            "inputs": .object(inputs.mapValues { .string($0.hex) }),
            "seed": seed.map { .integer($0.value) } ?? .null,
            "engine_version": .string(engineVersion),
        ])
    }

    /// The canonical text that decides the cache key.
    public var canonicalText: String { json.canonicalText }

    /// The run id: SHA-256 of the canonical text.
    public var id: ContentID { ContentID.run(canonicalSpec: canonicalText) }

    /// Parameters as the store's typed rows, nested objects flattened with dots
    /// (`{"noise": {"p": 0.1}}` → `noise.p = 0.1`). Booleans are stored as the text `true`/`false`,
    /// arrays as their canonical JSON text, `null` is left out.
    public var typedParams: [String: ParamValue] {
        var result: [String: ParamValue] = [:]
        func flatten(_ value: JSONValue, name: String) {
            switch value {
            case .null: break
            case .bool(let flag): result[name] = .text(flag ? "true" : "false")
            case .integer, .number: result[name] = value.doubleValue.map(ParamValue.number)
            case .string(let text): result[name] = .text(text)
            case .array: result[name] = .text(value.canonicalText)
            case .object(let members):
                for (key, member) in members { flatten(member, name: name.isEmpty ? key : name + "." + key) }
            }
        }
        flatten(.object(params), name: "")
        return result
    }
}
