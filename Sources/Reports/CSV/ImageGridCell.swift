public import Imaging

/// One picture of Figure 3 or 4: an image, label or prediction placed in a grid.
///
/// Columns `panel,row,col,caption,artifact_id` (row and col 0-based). The image itself is not in the
/// CSV; the SVG embeds it as PNG. Pass a display-ready image (see `DisplayImage` for masks, label
/// maps and 16-bit microscopy).
public struct ImageGridCell: CSVRecord, Equatable {
    public var panel: String
    public var row: Int
    public var col: Int
    public var caption: String
    public var artifactID: String
    public var image: Image

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(panel: String, row: Int, col: Int, caption: String, artifactID: String, image: Image) {
        self.panel = panel
        self.row = row
        self.col = col
        self.caption = caption
        self.artifactID = artifactID
        self.image = image
    }

    public static let csvHeader = ["panel", "row", "col", "caption", "artifact_id", "dataset_id"]

    public var csvFields: [String] { [panel, String(row), String(col), caption, artifactID, datasetID] }
}
