public import CanonicalJSON

/// A run as `msdb runs --json` prints it; the keys are part of the CLI contract (the CommandLine article).
public struct RunJSON: Encodable, Sendable {
    public let id: String
    public let kind: String
    public let status: String
    public let seed: Int64?
    public let params: [String: ParamValue]
    public let metrics: [String: Double]
    public let inputs: [String: String]
    public let outputs: [String: String]
    public let createdAt: String
    public let engineVersion: String

    public init(_ run: RunRecord) {
        id = run.id.hex
        kind = run.kind
        status = run.status.rawValue
        seed = run.seed
        params = run.params
        metrics = run.metrics
        inputs = run.inputs.mapValues(\.hex)
        outputs = run.outputs.mapValues(\.hex)
        createdAt = run.createdAt
        engineVersion = run.engineVersion
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, status, seed, params, metrics, inputs, outputs
        case createdAt = "created_at"
        case engineVersion = "engine_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(seed, forKey: .seed)  // null when the run has no seed
        try container.encode(params, forKey: .params)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(engineVersion, forKey: .engineVersion)
    }
}

/// A run with everything `show --json` prints.
public struct RunDetailJSON: Encodable, Sendable {
    public let run: RunJSON
    public let spec: JSONValue?
    public let environment: JSONValue?
    public let startedAt: String?
    public let finishedAt: String?
    public let wallSeconds: Double?
    public let error: String?
    public let divergentCopies: [DivergentCopyJSON]

    public init(_ record: RunRecord, divergentCopies: [DivergentCopy] = []) {
        run = RunJSON(record)
        spec = try? JSONParser.parse(record.spec)
        environment = try? JSONParser.parse(record.environment)
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        wallSeconds = record.wallSeconds
        error = record.error
        self.divergentCopies = divergentCopies.map(DivergentCopyJSON.init)
    }

    enum Keys: String, CodingKey {
        case spec, environment, error
        case divergentCopies = "divergent_copies"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case wallSeconds = "wall_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(spec.map(JSONText.init), forKey: .spec)
        try container.encode(environment.map(JSONText.init), forKey: .environment)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(error, forKey: .error)
        try container.encode(divergentCopies, forKey: .divergentCopies)
    }
}
