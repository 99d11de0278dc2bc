/// A CSV record whose last column, `dataset_id`, names the dataset (manifest) it was computed on.
public protocol DatasetColumn {
    var datasetID: String { get set }
}

extension DatasetColumn {
    /// The record with its `dataset_id` set.
    public func stamped(_ id: String) -> Self {
        var copy = self
        copy.datasetID = id
        return copy
    }
}

extension Array where Element: DatasetColumn {
    /// Every record with its `dataset_id` set to `id`.
    public func stamped(_ id: String) -> [Element] { map { $0.stamped(id) } }
}

extension Table2Row: DatasetColumn {}
extension Table3Row: DatasetColumn {}
extension Figure2Point: DatasetColumn {}
extension Figure5Point: DatasetColumn {}
extension ImageGridCell: DatasetColumn {}
extension Figure6Row: DatasetColumn {}
