import CStatfs
import Foundation

/// Recognises databases on network file systems, where SQLite's locks and WAL shared memory are
/// unreliable: several writers there can corrupt the file. The remedy is one database per task on
/// local disk (a shard), combined afterwards with `msdb merge`.
public enum NetworkFileSystem {
    /// The network file system with this `statfs` `f_type` magic number (Linux), or nil for any
    /// other. The numbers are the kernel's (`linux/magic.h`) and those of the out-of-tree
    /// cluster file systems, as coreutils' `stat -f` names them.
    public static func name(forType type: Int64) -> String? {
        switch UInt32(truncatingIfNeeded: type) {
        case 0x6969: "nfs"
        case 0x517B: "smb"
        case 0xFF53_4D42: "cifs"
        case 0xFE53_4D42: "smb2"
        case 0x0BD0_0BD0: "lustre"
        case 0x4750_4653: "gpfs"
        case 0x00C3_6400: "ceph"
        case 0x1983_0326: "beegfs"
        case 0x5346_414F: "afs"
        default: nil
        }
    }

    /// The network file system holding `path` (the file, or the directory a new file goes in), or
    /// nil when it is local or cannot be told. `MSDB_TEST_FS_TYPE` (a number, `0x…` for hex)
    /// stands in for `statfs`'s answer, so the warning can be tested without a network mount.
    public static func holding(path: String) -> String? {
        if let override = ProcessInfo.processInfo.environment["MSDB_TEST_FS_TYPE"], !override.isEmpty {
            let value =
                override.lowercased().hasPrefix("0x")
                ? Int64(override.dropFirst(2), radix: 16) : Int64(override)
            return value.flatMap(name(forType:))
        }
        #if os(Linux)
            var status = statfs()
            let directory = (path as NSString).deletingLastPathComponent
            let probe =
                FileManager.default.fileExists(atPath: path) ? path : (directory.isEmpty ? "." : directory)
            guard statfs(probe, &status) == 0 else { return nil }
            return name(forType: Int64(status.f_type))
        #else
            return nil
        #endif
    }

    /// The warning printed when a database is opened on a network file system.
    public static func warning(path: String, fileSystem: String) -> String {
        "warning: \(path) is on a network file system (\(fileSystem)), where SQLite's locking is unreliable "
            + "and concurrent writers can corrupt the database; give each task its own database on local disk "
            + "(a shard) and combine them with 'msdb merge'"
    }
}
