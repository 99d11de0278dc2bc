/// Why a report directory could not be used or a report file not written.
public enum ReportDirectoryError: Error, Equatable, CustomStringConvertible {
    case emptyPath
    case notADirectory(path: String)
    case cannotCreate(path: String, reason: String)
    case unresolvable(path: String)
    case notWritable(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .emptyPath: "--out must not be empty"
        case .notADirectory(let path): "--out '\(path)' exists and is not a directory"
        case .cannotCreate(let path, let reason): "cannot create the --out directory '\(path)': \(reason)"
        case .unresolvable(let path): "cannot resolve the --out directory '\(path)'"
        case .notWritable(let path): "the --out directory '\(path)' is not writable"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
