/// The provenance every figure carries in its SVG `<metadata>`: the runs and artifacts behind it.
///
/// Ids are sorted and deduplicated, so the order the caller collected them in does not change the
/// bytes of the figure.
public struct FigureMetadata: Sendable, Equatable {
    public let runIDs: [String]
    public let artifactIDs: [String]

    public init(runIDs: [String] = [], artifactIDs: [String] = []) {
        self.runIDs = Set(runIDs).sorted()
        self.artifactIDs = Set(artifactIDs).sorted()
    }

    /// The `<metadata>` element, indented by two spaces, ending in a newline.
    var svgElement: String {
        var lines = ["  <metadata>", "    <msdb:provenance xmlns:msdb=\"https://msdb.invalid/provenance\">"]
        for id in runIDs { lines.append("      <msdb:run id=\"\(SVGText.escape(id))\"/>") }
        for id in artifactIDs { lines.append("      <msdb:artifact id=\"\(SVGText.escape(id))\"/>") }
        lines.append("    </msdb:provenance>")
        lines.append("  </metadata>")
        return lines.joined(separator: "\n") + "\n"
    }
}
