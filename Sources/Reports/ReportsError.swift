/// What can go wrong while rendering a report from plain values.
public enum ReportsError: Error, Equatable, CustomStringConvertible {
    /// A CSV row has a different number of fields than the header.
    case rowWidth(row: Int, expected: Int, got: Int)
    /// An image could not be encoded as PNG for embedding.
    case imageEncoding(artifactID: String, reason: String)
    /// A matrix or heatmap was given values that do not fill its shape.
    case matrixShape(rows: Int, columns: Int, values: Int)
    /// A figure was asked for with no data at all.
    case emptyFigure(name: String)

    public var description: String {
        switch self {
        case .rowWidth(let row, let expected, let got):
            "csv row \(row) has \(got) fields, the header has \(expected)"
        case .imageEncoding(let artifactID, let reason):
            "cannot encode image \(artifactID) as png: \(reason)"
        case .matrixShape(let rows, let columns, let values):
            "a \(rows)x\(columns) matrix needs \(rows * columns) values, got \(values)"
        case .emptyFigure(let name):
            "figure \(name) has no data"
        }
    }
}
