public import CanonicalJSON

/// A divergent copy as `msdb show --json` prints it.
public struct DivergentCopyJSON: Encodable, Sendable {
    public let copy: DivergentCopy

    public init(_ copy: DivergentCopy) {
        self.copy = copy
    }

    enum CodingKeys: String, CodingKey {
        case source, version, environment, outputs, metrics
        case mergedAt = "merged_at"
        case finishedAt = "finished_at"
        case wallSeconds = "wall_seconds"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(copy.source, forKey: .source)
        try container.encode(copy.version, forKey: .version)
        try container.encode(
            (try? JSONParser.parse(copy.environment)).map(JSONText.init), forKey: .environment)
        try container.encode(copy.outputs.mapValues(\.hex), forKey: .outputs)
        try container.encode(copy.metrics, forKey: .metrics)
        try container.encode(copy.mergedAt, forKey: .mergedAt)
        try container.encode(copy.finishedAt, forKey: .finishedAt)
        try container.encode(copy.wallSeconds, forKey: .wallSeconds)
    }
}
