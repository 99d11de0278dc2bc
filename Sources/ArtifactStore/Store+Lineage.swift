import GRDB

/// The provenance of a run or artifact: everything upstream of it (the runs that produced it,
/// their inputs, the runs that produced those, …) and the runs that read it directly.
public struct LineageGraph: Sendable, Equatable {
    /// A run in the graph.
    public struct RunNode: Sendable, Equatable {
        public let id: ContentID
        public let kind: String
        public let status: RunStatus
        public let seed: Int64?
    }

    /// An artifact in the graph.
    public struct ArtifactNode: Sendable, Equatable {
        public let id: ContentID
        public let kind: String
    }

    /// An edge: `run` read (`input`) or wrote (`output`) `artifact` under `role`.
    public struct Edge: Sendable, Equatable, Hashable {
        public let run: ContentID
        public let artifact: ContentID
        public let direction: String
        public let role: String

        public init(run: ContentID, artifact: ContentID, direction: String, role: String) {
            self.run = run
            self.artifact = artifact
            self.direction = direction
            self.role = role
        }
    }

    public let root: ContentID
    public var runs: [RunNode] = []
    public var artifacts: [ArtifactNode] = []
    public var edges: [Edge] = []
}

extension Store {
    /// The lineage of `id` (a run or an artifact): upstream to the first inputs, plus the runs
    /// that read the root directly. Nodes are in discovery order.
    public func lineage(of id: ContentID) throws(StoreError) -> LineageGraph {
        try read { db in
            var graph = LineageGraph(root: id)
            var seenRuns: Set<ContentID> = []
            var seenArtifacts: Set<ContentID> = []
            var edges: Set<LineageGraph.Edge> = []
            var runQueue: [ContentID] = []
            var artifactQueue: [ContentID] = []

            func addRun(_ run: ContentID) throws {
                guard seenRuns.insert(run).inserted else { return }
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT kind, status, seed FROM runs WHERE id = ?", arguments: [run.hex])
                else { return }
                let statusText: String = row["status"]
                guard let status = RunStatus(rawValue: statusText) else {
                    throw StoreError.database("run \(run.hex) has unknown status '\(statusText)'")
                }
                graph.runs.append(.init(id: run, kind: row["kind"], status: status, seed: row["seed"]))
                runQueue.append(run)
            }
            /// Adds an artifact node; `expand` queues it for tracing back to the runs that made it.
            func addArtifact(_ artifact: ContentID, expand: Bool = true) throws {
                guard seenArtifacts.insert(artifact).inserted else { return }
                let kind = try String.fetchOne(
                    db, sql: "SELECT kind FROM blobs WHERE id = ?", arguments: [artifact.hex])
                graph.artifacts.append(.init(id: artifact, kind: kind ?? "missing"))
                if expand { artifactQueue.append(artifact) }
            }
            func edgeRows(_ sql: String, _ argument: ContentID) throws -> [LineageGraph.Edge] {
                try Row.fetchAll(db, sql: sql, arguments: [argument.hex]).compactMap { row in
                    guard let run = ContentID(hex: row["run_id"]),
                        let artifact = ContentID(hex: row["artifact_id"])
                    else { return nil }
                    return .init(run: run, artifact: artifact, direction: row["direction"], role: row["role"])
                }
            }

            let isRun =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [id.hex]) ?? false
            if isRun {
                try addRun(id)
            } else {
                guard
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM blobs WHERE id = ?)", arguments: [id.hex])
                        ?? false
                else { throw StoreError.notFound(what: "run or artifact", id: id.hex) }
                try addArtifact(id)
                // Direct consumers of the root artifact.
                for edge in try edgeRows(
                    "SELECT * FROM lineage WHERE artifact_id = ? AND direction = 'input'", id)
                {
                    edges.insert(edge)
                    try addRun(edge.run)
                }
                runQueue.removeAll()  // consumers are shown, not expanded
            }
            // Upstream: a run's inputs (and its outputs, when it is the root); an artifact's producers.
            while !runQueue.isEmpty || !artifactQueue.isEmpty {
                if let run = runQueue.popLast() {
                    // The root run shows its outputs too; upstream runs only the inputs that lead back.
                    let sql =
                        run == id
                        ? "SELECT * FROM lineage WHERE run_id = ?"
                        : "SELECT * FROM lineage WHERE run_id = ? AND direction = 'input'"
                    for edge in try edgeRows(sql, run) {
                        edges.insert(edge)
                        try addArtifact(edge.artifact, expand: edge.direction == "input")
                    }
                } else if let artifact = artifactQueue.popLast() {
                    for edge in try edgeRows(
                        "SELECT * FROM lineage WHERE artifact_id = ? AND direction = 'output'", artifact)
                    {
                        edges.insert(edge)
                        try addRun(edge.run)
                    }
                }
            }
            graph.edges = edges.sorted {
                ($0.run.hex, $0.direction, $0.role) < ($1.run.hex, $1.direction, $1.role)
            }
            return graph
        }
    }
}
