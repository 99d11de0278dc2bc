import GRDB

extension Store {
    /// Writes a consistent copy of the whole database to `path` (SQLite's online backup, so other
    /// processes may keep writing meanwhile) and opens it: scratch space for `msdb audit`, which
    /// recomputes runs without touching the original file.
    ///
    /// - Throws: `StoreError.cannotOpen` when `path` cannot be created.
    public func copy(to path: String) throws(StoreError) -> Store {
        do {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.close()
        } catch {
            throw .cannotOpen(path: path, reason: String(describing: error))
        }
        return try Store(path: path)
    }
}
