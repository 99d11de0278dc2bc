/// The state of a run in its lifecycle: claimed (`running`), then `done` or `failed`.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, done, failed
}

/// A typed parameter value: filters compare numbers as numbers and text as text.
public enum ParamValue: Sendable, Equatable, Codable {
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}

/// A run as `msdb runs` shows it: its row plus its parameters, metrics and lineage.
public struct RunRecord: Sendable, Codable, Equatable {
    public var id: ContentID
    public var kind: String
    public var status: RunStatus
    public var seed: Int64?
    public var engineVersion: String
    public var spec: String
    public var environment: String
    public var params: [String: ParamValue]
    public var metrics: [String: Double]
    /// Input artifacts by role.
    public var inputs: [String: ContentID]
    /// Output artifacts by role.
    public var outputs: [String: ContentID]
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var wallSeconds: Double?
    public var error: String?
}

/// A finished run to record in one transaction: its row, parameters, metrics and lineage.
public struct FinishedRun: Sendable {
    public var canonicalSpec: String
    public var kind: String
    public var status: RunStatus
    public var seed: Int64?
    public var engineVersion: String
    public var environment: String
    public var params: [String: ParamValue]
    public var metrics: [String: Double]
    public var inputs: [String: ContentID]
    public var outputs: [String: ContentID]
    public var startedAt: String?
    public var wallSeconds: Double?
    public var error: String?

    public init(
        canonicalSpec: String, kind: String, status: RunStatus = .done, seed: Int64?, engineVersion: String,
        environment: String = "{}", params: [String: ParamValue] = [:], metrics: [String: Double] = [:],
        inputs: [String: ContentID] = [:], outputs: [String: ContentID] = [:], startedAt: String? = nil,
        wallSeconds: Double? = nil, error: String? = nil
    ) {
        self.canonicalSpec = canonicalSpec
        self.kind = kind
        self.status = status
        self.seed = seed
        self.engineVersion = engineVersion
        self.environment = environment
        self.params = params
        self.metrics = metrics
        self.inputs = inputs
        self.outputs = outputs
        self.startedAt = startedAt
        self.wallSeconds = wallSeconds
        self.error = error
    }

    /// The run's id: the hash of its canonical spec.
    public var id: ContentID { ContentID.run(canonicalSpec: canonicalSpec) }
}
