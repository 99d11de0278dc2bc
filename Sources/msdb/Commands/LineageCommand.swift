import ArgumentParser
import ArtifactStore

/// `msdb lineage`: where a run or an artifact came from.
struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Trace a run or artifact back through the runs and artifacts that made it.",
        discussion: """
            For a run: its inputs and outputs, the runs that produced those inputs, and so on up to the \
            first artifacts. For an artifact: the runs that produced it and their inputs, upstream, and \
            the runs that read it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A run or artifact id, or a unique prefix of 8+ hex characters.")
    var id: String

    @Flag(help: "Print the graph as JSON (runs, artifacts, edges).")
    var json = false

    @Flag(help: "Print the graph in Graphviz dot format.")
    var dot = false

    func validate() throws {
        if json && dot { throw ValidationError("choose one of --json and --dot") }
    }

    func run() throws {
        let store = try global.openStore()
        let prefix = try IDPrefix(id)
        let resolved: ContentID
        do {
            resolved = try store.resolveRun(prefix)
        } catch StoreError.notFound {
            resolved = try store.resolveBlob(prefix)
        }
        let graph = try store.lineage(of: resolved)
        if json {
            try CommandOutput.printJSON(LineageJSON(graph))
        } else if dot {
            print(Self.dot(graph))
        } else {
            print(Self.text(graph))
        }
    }

    static func dot(_ graph: LineageGraph) -> String {
        var lines = ["digraph lineage {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for run in graph.runs {
            let seed = run.seed.map { "\\nseed \($0)" } ?? ""
            lines.append(
                "  \"\(run.id.hex)\" [shape=box, label=\"\(run.kind) \(run.id.short)\\n\(run.status.rawValue)\(seed)\"];"
            )
        }
        for artifact in graph.artifacts {
            lines.append(
                "  \"\(artifact.id.hex)\" [shape=ellipse, label=\"\(artifact.kind) \(artifact.id.short)\"];")
        }
        for edge in graph.edges {
            let (from, to) = edge.direction == "input" ? (edge.artifact, edge.run) : (edge.run, edge.artifact)
            lines.append("  \"\(from.hex)\" -> \"\(to.hex)\" [label=\"\(edge.role)\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func text(_ graph: LineageGraph) -> String {
        let artifacts = Dictionary(uniqueKeysWithValues: graph.artifacts.map { ($0.id, $0) })
        var lines: [String] = []
        for run in graph.runs {
            lines.append(
                "run \(run.id.short) \(run.kind) [\(run.status.rawValue)]"
                    + (run.seed.map { " seed \($0)" } ?? ""))
            for edge in graph.edges where edge.run == run.id {
                let arrow = edge.direction == "input" ? "<-" : "->"
                let kind = artifacts[edge.artifact]?.kind ?? "?"
                lines.append("  \(arrow) \(edge.role): \(kind) \(edge.artifact.short)")
            }
        }
        if graph.runs.isEmpty, let root = artifacts[graph.root] {
            lines.append("artifact \(root.id.short) \(root.kind): no run produced or read it")
        }
        return lines.joined(separator: "\n")
    }
}
