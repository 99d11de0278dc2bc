public import Foundation

/// The files directly in a directory, by name, with their bytes: how the report tests compare two
/// `reproduce` outputs byte for byte.
public enum DirectoryContents {
    public static func read(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        return result
    }
}
