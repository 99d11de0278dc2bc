import Foundation

/// The directory `msdb reproduce` and `msdb report` write into. It is created (with its parents)
/// and checked to be writable before any work starts; files are written only directly inside it,
/// under names msdb chooses, each atomically (a temporary file renamed into place), so a failed
/// run never leaves a half-written report file.
///
/// Hostile paths: `..` components are removed lexically first (as a shell's `cd` does), then the
/// directory is created and its path resolved through every symbolic link; all writes go into that
/// resolved directory. A symbolic link already inside it under an output's name is replaced by
/// the new file (the atomic rename replaces the link), never written through.
struct ReportDirectory {
    /// The directory's absolute path, with `..` removed and symbolic links resolved.
    let path: String

    init(path: String) throws {
        guard !path.isEmpty else { throw CLIError("--out must not be empty") }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError("--out '\(path)' exists and is not a directory")
            }
        } else {
            do {
                try files.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create the --out directory '\(path)': \(Self.reason(error))")
            }
        }
        guard let resolved = realpath(url.path, nil) else {
            throw CLIError("cannot resolve the --out directory '\(path)'")
        }
        self.path = String(cString: resolved)
        free(resolved)
        guard files.isWritableFile(atPath: self.path) else {
            throw CLIError("the --out directory '\(path)' is not writable")
        }
    }

    /// Writes `bytes` as `name` inside the directory. `name` is a plain file name.
    func write(_ bytes: Data, name: String) throws {
        precondition(
            !name.isEmpty && !name.contains("/") && name != "." && name != "..",
            "ReportDirectory: '\(name)' is not a plain file name")
        let target = URL(fileURLWithPath: path).appendingPathComponent(name)
        do {
            try bytes.write(to: target, options: .atomic)
        } catch {
            throw CLIError("cannot write \(target.path): \(Self.reason(error))")
        }
    }

    /// Writes `text` as UTF-8.
    func write(_ text: String, name: String) throws {
        try write(Data(text.utf8), name: name)
    }

    private static func reason(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
            ?? error.localizedDescription
    }
}
