import Foundation
import Imaging
import LabelNoise

/// Reading and writing label files for the `label` and `ntm` commands, with every failure turned
/// into one `CLIError` that names the file.
enum LabelFiles {
    /// Reads a mask or label map (PNG or TIFF, one channel): a 0/255 mask, and a 16-bit 0/65535
    /// one, become 0/1; other values are labels and must fit a byte.
    static func read(_ path: String) throws -> LabelMap {
        do {
            let image = try ImageFile.read(path: path)
            if image.channels == 1, image.bitDepth == .sixteen,
                image.samples.allSatisfy({ $0 == 0 || $0 == UInt16.max })
            {
                return LabelMap(
                    width: image.width, height: image.height, labels: image.samples.map { $0 == 0 ? 0 : 1 })
            }
            return try LabelMap(image: image).normalizedMaskValues()
        } catch let error as ImagingError {
            throw CLIError(message(for: error, path: path))
        }
    }

    /// One line for an imaging error: its own text when it names the file, else prefixed by it.
    static func message(for error: ImagingError, path: String) -> String {
        if case .invalidContent(let reason) = error { return "'\(path)': \(reason)" }
        return error.description
    }

    /// One line for a label-noise error about the file `path`.
    static func message(for error: LabelNoiseError, path: String) -> String {
        if case .probabilityOutOfRange(_, let value) = error {
            return "--p must be a probability in [0, 1], got \(value)"
        }
        return "'\(path)': \(error)"
    }

    /// Fails unless `path` can be written as an image: a known extension in an existing,
    /// writable directory. Checked before any work, so a bad `--out` leaves nothing behind.
    static func checkWritable(_ path: String) throws {
        guard ImageFile.format(forPath: path) != nil else {
            throw CLIError("'\(path)': unknown image extension (use .png, .tif or .tiff)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue,
            FileManager.default.isWritableFile(atPath: directory)
        else {
            throw CLIError("'\(path)': the directory \(directory) does not exist or is not writable")
        }
    }

    /// Writes `labels` atomically: a 0/1 label as a 0/255 mask (the official convention), any other
    /// label map with its values as they are (255 marks ignored pixels).
    static func write(_ labels: LabelMap, to path: String) throws {
        do {
            if let mask = try? labels.binaryMask() {
                try ImageFile.write(mask: mask, path: path)
            } else {
                try ImageFile.write(labels: labels, path: path)
            }
        } catch let error as ImagingError {
            throw CLIError(message(for: error, path: path))
        }
    }
}
