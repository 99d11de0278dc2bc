/// `msdb diff --json` output.
public struct DiffJSON: Encodable, Sendable {
    public struct Param: Encodable, Sendable {
        public let name: String
        public let a: ParamValue?
        public let b: ParamValue?
    }

    public struct Metric: Encodable, Sendable {
        public let name: String
        public let a: Double?
        public let b: Double?
        public let delta: Double?
    }

    public struct Artifact: Encodable, Sendable {
        public let direction: String
        public let role: String
        public let a: String?
        public let b: String?
        public let same: Bool
    }

    public struct Curve: Encodable, Sendable {
        public let role: String
        public let firstX: Double?
        public let largestDifference: Double

        enum CodingKeys: String, CodingKey {
            case role
            case firstX = "first_x"
            case largestDifference = "largest_difference"
        }
    }

    public let a: String
    public let b: String
    public let params: [Param]
    public let metrics: [Metric]
    public let artifacts: [Artifact]
    public let curves: [Curve]

    public init(_ comparison: RunComparison) {
        a = comparison.a.hex
        b = comparison.b.hex
        params = comparison.params.map { Param(name: $0.name, a: $0.a, b: $0.b) }
        metrics = comparison.metrics.map { Metric(name: $0.name, a: $0.a, b: $0.b, delta: $0.delta) }
        artifacts = comparison.artifacts.map {
            Artifact(direction: $0.direction, role: $0.role, a: $0.a?.hex, b: $0.b?.hex, same: $0.same)
        }
        curves = comparison.curves.map {
            Curve(role: $0.role, firstX: $0.firstX, largestDifference: $0.largestDifference)
        }
    }
}
