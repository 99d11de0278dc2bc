internal import ArtifactStore
internal import Foundation

/// A run's lineage as a graph of runs, drawn as SVG: the runs upstream of it (those that made its
/// inputs, and theirs, to the first) in columns to the left, the runs that read its outputs to the
/// right. Each box links to its run; an edge means "read an output of".
struct LineageView {
    struct Node {
        var id: ContentID
        var kind: String
        var status: String
        var depth: Int
    }

    var nodes: [Node] = []
    var edges: [(from: ContentID, to: ContentID)] = []
    let root: ContentID

    init(root: ContentID, upstream graph: LineageGraph, downstream: [DownstreamRun]) {
        self.root = root
        // Run-to-run edges: the producer of an artifact → each run that read it.
        var producers: [ContentID: [ContentID]] = [:]
        for edge in graph.edges where edge.direction == "output" {
            producers[edge.artifact, default: []].append(edge.run)
        }
        var parents: [ContentID: Set<ContentID>] = [:]
        for edge in graph.edges where edge.direction == "input" {
            for producer in producers[edge.artifact] ?? [] where producer != edge.run {
                parents[edge.run, default: []].insert(producer)
            }
        }
        // Depth: the root at 0, each parent one column left of its furthest-left child.
        var depth: [ContentID: Int] = [root: 0]
        var queue = [root]
        while let run = queue.first {
            queue.removeFirst()
            for parent in parents[run] ?? [] {
                let candidate = (depth[run] ?? 0) - 1
                if candidate < depth[parent] ?? 1 {
                    depth[parent] = candidate
                    queue.append(parent)
                }
            }
        }
        for run in graph.runs {
            guard let level = depth[run.id] else { continue }
            nodes.append(Node(id: run.id, kind: run.kind, status: run.status.rawValue, depth: level))
        }
        for (child, set) in parents where depth[child] != nil {
            for parent in set.sorted(by: { $0.hex < $1.hex }) where depth[parent] != nil {
                edges.append((parent, child))
            }
        }
        for run in downstream {
            nodes.append(Node(id: run.id, kind: run.kind, status: run.status.rawValue, depth: 1))
            edges.append((root, run.id))
        }
    }

    /// Boxes per column before the rest are summarised as "+N more".
    static let columnLimit = 12
    private static let boxWidth = 190.0
    private static let boxHeight = 38.0
    private static let columnGap = 70.0
    private static let rowGap = 14.0

    var svg: HTML {
        guard !nodes.isEmpty else { return "" }
        let depths = Set(nodes.map(\.depth)).sorted()
        var position: [ContentID: (x: Double, y: Double)] = [:]
        var boxes: HTML = ""
        var rows = 0
        for (column, level) in depths.enumerated() {
            let members = nodes.filter { $0.depth == level }.sorted {
                ($0.kind, $0.id.hex) < ($1.kind, $1.id.hex)
            }
            let x = 10 + Double(column) * (Self.boxWidth + Self.columnGap)
            for (row, node) in members.prefix(Self.columnLimit).enumerated() {
                let y = 10 + Double(row) * (Self.boxHeight + Self.rowGap)
                position[node.id] = (x, y)
                let rootClass = node.id == root ? " root" : ""
                boxes += """
                    <a href="\(Links.run(node.id))" class="lineage-node\(rootClass)">\
                    <rect x="\(x)" y="\(y)" width="\(Self.boxWidth)" height="\(Self.boxHeight)" rx="5" \
                    fill="\(node.id == root ? "#e8f0fe" : "#ffffff")" stroke="\(Self.colour(node.status))" \
                    stroke-width="\(node.id == root ? 2.5 : 1.2)"/>\
                    <text x="\(x + 8)" y="\(y + 16)" font-size="12" font-weight="600">\(node.kind) \(node.id.short)</text>\
                    <text x="\(x + 8)" y="\(y + 31)" font-size="11" fill="\(Self.colour(node.status))">\(node.status)</text></a>
                    """
            }
            if members.count > Self.columnLimit {
                let y = 10 + Double(Self.columnLimit) * (Self.boxHeight + Self.rowGap)
                boxes +=
                    "<text x=\"\(x + 8)\" y=\"\(y + 14)\" font-size=\"12\">+\(members.count - Self.columnLimit) more</text>"
            }
            rows = max(rows, min(members.count, Self.columnLimit + 1))
        }
        var lines: HTML = ""
        for edge in edges {
            guard let from = position[edge.from], let to = position[edge.to] else { continue }
            let (x1, y1) = (from.x + Self.boxWidth, from.y + Self.boxHeight / 2)
            let (x2, y2) = (to.x, to.y + Self.boxHeight / 2)
            let middle = (x1 + x2) / 2
            lines += """
                <path d="M\(x1),\(y1) C\(middle),\(y1) \(middle),\(y2) \(x2 - 4),\(y2)" fill="none" \
                stroke="#8a94a6" stroke-width="1.2" marker-end="url(#arrow)"/>
                """
        }
        let width = 20 + Double(depths.count) * (Self.boxWidth + Self.columnGap) - Self.columnGap
        let height = 20 + Double(rows) * (Self.boxHeight + Self.rowGap)
        return """
            <svg id="lineage-graph" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="system-ui, sans-serif">\
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>
            \(lines)\(boxes)</svg>
            """
    }

    static func colour(_ status: String) -> String {
        switch status {
        case "done": "#1b7f3b"
        case "failed": "#b3261e"
        case "running": "#b26a00"
        default: "#6b7280"
        }
    }
}
