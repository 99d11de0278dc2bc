/// Everything that can go wrong when building or importing a dataset.
///
/// Bad input from outside (a damaged file, a mask that does not fit its image, a folder that does
/// not follow the declared layout) throws one of these, each naming the offending file; a broken
/// invariant inside the generators is a `precondition` instead.
public enum DatasetsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A size or count outside what a generator accepts.
    case invalidSize(what: String, value: Int, reason: String)
    /// The import folder (or a folder the layout requires inside it) is missing or not a folder.
    case missingFolder(path: String)
    /// A file could not be read or decoded as an image.
    case unreadable(file: String, reason: String)
    /// An image or a mask without its partner of the same file stem.
    case unpaired(file: String, missing: String)
    /// Two files in one folder share a stem (`a.png` and `a.tif`), so pairing would be a guess.
    case duplicateStem(file: String, other: String)
    /// A mask whose size differs from its image's.
    case sizeMismatch(file: String, image: String, maskSize: String, imageSize: String)
    /// A mask declared binary that holds other values.
    case notBinary(file: String, value: Int)
    /// A label map that is not single-channel 8-bit-valued.
    case invalidLabels(file: String, reason: String)
    /// A path that leaves the import folder through `..` or a symbolic link.
    case escapesFolder(file: String, root: String)
    /// A folder with nothing to import.
    case empty(path: String)
    /// A file or folder that breaks the declared layout in a way the cases above do not name (a
    /// sample folder without masks, a split left empty).
    case malformed(path: String, reason: String)
    /// An import option out of range (tile size, split fractions, scale).
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSize(let what, let value, let reason):
            return "invalid \(what) \(value): \(reason)"
        case .missingFolder(let path):
            return "'\(path)' is not a folder"
        case .unreadable(let file, let reason):
            return "cannot read '\(file)': \(reason)"
        case .unpaired(let file, let missing):
            return "'\(file)' has no matching \(missing)"
        case .duplicateStem(let file, let other):
            return "'\(file)' and '\(other)' have the same file stem; keep one"
        case .sizeMismatch(let file, let image, let maskSize, let imageSize):
            return "mask '\(file)' is \(maskSize) but its image '\(image)' is \(imageSize)"
        case .notBinary(let file, let value):
            return "mask '\(file)' is not binary: it holds the value \(value) (expected 0 and one of 1, 255"
                + " or 65535)"
        case .invalidLabels(let file, let reason):
            return "label map '\(file)' is invalid: \(reason)"
        case .escapesFolder(let file, let root):
            return "'\(file)' leads outside the import folder '\(root)'"
        case .empty(let path):
            return "'\(path)' holds no image/mask pairs"
        case .malformed(let path, let reason):
            return "'\(path)': \(reason)"
        case .invalidOption(let name, let reason):
            return "invalid --\(name): \(reason)"
        }
    }
}
