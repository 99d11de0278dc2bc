/// The lineage graph as `msdb lineage --json` prints it.
public struct LineageJSON: Encodable, Sendable {
    public struct Run: Encodable, Sendable {
        public let id: String
        public let kind: String
        public let status: String
        public let seed: Int64?
    }

    public struct Artifact: Encodable, Sendable {
        public let id: String
        public let kind: String
    }

    public struct Edge: Encodable, Sendable {
        public let run: String
        public let artifact: String
        public let direction: String
        public let role: String
    }

    public let root: String
    public let runs: [Run]
    public let artifacts: [Artifact]
    public let edges: [Edge]

    public init(_ graph: LineageGraph) {
        root = graph.root.hex
        runs = graph.runs.map { Run(id: $0.id.hex, kind: $0.kind, status: $0.status.rawValue, seed: $0.seed) }
        artifacts = graph.artifacts.map { Artifact(id: $0.id.hex, kind: $0.kind) }
        edges = graph.edges.map {
            Edge(run: $0.run.hex, artifact: $0.artifact.hex, direction: $0.direction, role: $0.role)
        }
    }
}
