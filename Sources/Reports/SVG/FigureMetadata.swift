/// The provenance every figure carries in its SVG `<metadata>`: the datasets, runs and artifacts
/// behind it.
///
/// Ids are sorted and deduplicated, so the order the caller collected them in does not change the
/// bytes of the figure.
public struct FigureMetadata: Sendable, Equatable {
    /// A dataset behind the figure: its role, manifest id and origin (`real` or `synthetic`).
    public struct Dataset: Sendable, Equatable {
        public var role: String
        public var id: String
        public var origin: String

        public init(role: String, id: String, origin: String) {
            self.role = role
            self.id = id
            self.origin = origin
        }
    }

    public let runIDs: [String]
    public let artifactIDs: [String]
    /// In the caller's order (roles are few and ordered by the paper).
    public let datasets: [Dataset]

    public init(runIDs: [String] = [], artifactIDs: [String] = [], datasets: [Dataset] = []) {
        self.runIDs = Set(runIDs).sorted()
        self.artifactIDs = Set(artifactIDs).sorted()
        self.datasets = datasets
    }

    /// The `<metadata>` element, indented by two spaces, ending in a newline.
    var svgElement: String {
        var lines = ["  <metadata>", "    <msdb:provenance xmlns:msdb=\"https://msdb.invalid/provenance\">"]
        for dataset in datasets {
            lines.append(
                "      <msdb:dataset role=\"\(SVGText.escape(dataset.role))\" id=\"\(SVGText.escape(dataset.id))\" "
                    + "origin=\"\(SVGText.escape(dataset.origin))\"/>")
        }
        for dataset in datasets {
            lines.append(
                "      <msdb:dataset role=\"\(SVGText.escape(dataset.role))\" id=\"\(SVGText.escape(dataset.id))\" "
                    + "origin=\"\(SVGText.escape(dataset.origin))\"/>")
        }
        for id in runIDs { lines.append("      <msdb:run id=\"\(SVGText.escape(id))\"/>") }
        for id in artifactIDs { lines.append("      <msdb:artifact id=\"\(SVGText.escape(id))\"/>") }
        lines.append("    </msdb:provenance>")
        lines.append("  </metadata>")
        return lines.joined(separator: "\n") + "\n"
    }
}
