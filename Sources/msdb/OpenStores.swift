import ArtifactStore
import Foundation

/// The databases this process opened, closed when the command ends (`Store.close()` first copies the
/// write-ahead log into the file). A store released only at process exit, as a claim's heartbeat
/// timer can hold it until then, would leave committed runs in `-wal` alone, where a copy of the
/// database file misses them.
enum OpenStores {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var stores: [Store] = []

    /// Remembers `store` for `closeAll()` and returns it.
    static func register(_ store: Store) -> Store {
        lock.withLock { stores.append(store) }
        return store
    }

    /// Closes every store opened so far.
    static func closeAll() {
        let open = lock.withLock {
            defer { stores.removeAll() }
            return stores
        }
        for store in open { store.close() }
    }
}
