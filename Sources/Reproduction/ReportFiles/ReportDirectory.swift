public import Foundation
internal import Jobs
internal import Runs

/// The directory `msdb reproduce` and `msdb report` write into. It is created (with its parents)
/// and checked to be writable before any work starts; files are written only directly inside it,
/// under names msdb chooses, each atomically, so a failed run never leaves a half-written report
/// file: the bytes go to `.<name>.<pid>.partial` first, which is then renamed into place. A process
/// killed between the two leaves that partial file behind; opening the directory removes every
/// partial file whose process is gone, so such a leftover lasts only until the next command.
///
/// Hostile paths: `..` components are removed lexically first (as a shell's `cd` does), then the
/// directory is created and its path resolved through every symbolic link; all writes go into that
/// resolved directory. A symbolic link already inside it under an output's name is replaced by
/// the new file (the atomic rename replaces the link), never written through.
public struct ReportDirectory: Sendable {
    /// The directory's absolute path, with `..` removed and symbolic links resolved.
    public let path: String

    public init(path: String) throws {
        guard !path.isEmpty else { throw ReportDirectoryError.emptyPath }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ReportDirectoryError.notADirectory(path: path)
            }
        } else {
            do {
                try files.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw ReportDirectoryError.cannotCreate(path: path, reason: Self.reason(error))
            }
        }
        guard let resolved = realpath(url.path, nil) else {
            throw ReportDirectoryError.unresolvable(path: path)
        }
        self.path = String(cString: resolved)
        free(resolved)
        guard files.isWritableFile(atPath: self.path) else {
            throw ReportDirectoryError.notWritable(path: path)
        }
        removeAbandonedPartialFiles()
    }

    /// Writes `bytes` as `name` inside the directory. `name` is a plain file name.
    public func write(_ bytes: Data, name: String) throws {
        precondition(
            !name.isEmpty && !name.contains("/") && name != "." && name != "..",
            "ReportDirectory: '\(name)' is not a plain file name")
        let directory = URL(fileURLWithPath: path)
        let target = directory.appendingPathComponent(name)
        let partial = directory.appendingPathComponent(PartialFileName(name: name, pid: getpid()).text)
        if let reason = Self.writeNew(bytes, at: partial.path) {
            unlink(partial.path)
            throw ReportDirectoryError.cannotWrite(path: target.path, reason: reason)
        }
        // rename(2) replaces the directory entry, so a symbolic link under `name` is replaced,
        // never followed.
        guard rename(partial.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial.path)
            throw ReportDirectoryError.cannotWrite(path: target.path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String, name: String) throws {
        try write(Data(text.utf8), name: name)
    }

    /// Deletes the partial files of processes that no longer run (killed mid-write); a live
    /// process's partial file is its write in progress and stays.
    private func removeAbandonedPartialFiles() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for entry in entries {
            guard let partial = PartialFileName(entry), !partial.ownerIsRunning else { continue }
            unlink(path + "/" + entry)
        }
    }

    /// Writes `bytes` to a file created at `path`, never through an existing file or link of that
    /// name (it is removed first; `O_EXCL` refuses one that reappears); the error text on failure.
    private static func writeNew(_ bytes: Data, at path: String) -> String? {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        return failure.map { String(cString: strerror($0)) }
    }

    private static func reason(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
            ?? error.localizedDescription
    }
}
