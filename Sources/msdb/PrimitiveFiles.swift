import ArgumentParser
import Evaluation
import Foundation
import Imaging

/// Reading and writing the image files of the scriptable primitives (`msdb image`, `metrics`,
/// `kde`), so that every failure becomes one `error:` line naming the file and the problem.
enum PrimitiveFiles {
    /// Runs `body` on the file at `path`, turning errors that do not name a file (content that
    /// does not fit: a colour image where gray is needed, a non-binary mask) into ones that do.
    static func reading<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(path)
        } catch ImagingError.invalidContent(let reason) {
            throw CLIError("'\(path)': \(reason)")
        } catch let error as EvaluationError {
            throw CLIError("'\(path)': \(error.description)")
        }
    }

    /// An image as stored; each operation checks the channels and bit depth it needs.
    static func image(_ path: String) throws -> Image {
        try reading(path) { try ImageFile.read(path: $0) }
    }

    /// A binary mask: 0 background, one other value foreground (`Mask(strictlyBinary:)`).
    static func mask(_ path: String) throws -> Mask {
        try reading(path) { try Mask(strictlyBinary: ImageFile.read(path: $0)) }
    }

    /// Refuses, before any work, an `--out` path whose extension names no format msdb writes or
    /// whose directory does not exist.
    static func validateOutput(_ path: String?, option: String = "--out") throws {
        guard let path else { return }
        guard ImageFile.format(forPath: path) != nil else {
            throw ValidationError("\(option) '\(path)' must end in .png, .tif or .tiff")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ValidationError("\(option) '\(path)': directory '\(directory)' does not exist")
        }
    }

    /// Refuses an input whose size differs from the reference it is measured against.
    static func requireSameSize(
        _ path: String, width: Int, height: Int, as reference: String, referenceWidth: Int,
        referenceHeight: Int
    ) throws {
        guard width == referenceWidth, height == referenceHeight else {
            throw CLIError(
                "'\(path)' is \(width)x\(height) but '\(reference)' is \(referenceWidth)x\(referenceHeight)")
        }
    }

    /// Writes a mask as a 0/255 8-bit image, atomically; the format follows the extension.
    static func write(_ mask: Mask, to path: String?) throws {
        guard let path else { return }
        try ImageFile.write(mask: mask, path: path)
    }

    /// "wrote PATH" for the human summary, or nothing.
    static func wrote(_ path: String?) -> String {
        path.map { "; wrote \($0)" } ?? ""
    }
}
