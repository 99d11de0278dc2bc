import Foundation
public import Imaging

/// Writes small image/mask folders for importer tests.
public struct ImageFolderFixture {
    public let directory: TemporaryDirectory
    public var root: String { directory.path("data") }

    public init() throws {
        directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A 16-bit gray image of `side` pixels whose values depend on `seed`.
    public static func image(side: Int, seed: Int) -> Image {
        Image(
            width: side, height: side, channels: 1, bitDepth: .sixteen,
            samples: (0..<side * side).map { UInt16(($0 * 37 + seed * 1009) % 60_000) })
    }

    /// A 0/255 mask of `side` pixels with a diagonal band.
    public static func mask(side: Int) -> Image {
        Image(
            width: side, height: side,
            gray8: (0..<side * side).map { ($0 % side + $0 / side) % 5 == 0 ? 255 : 0 })
    }

    /// Writes `image` at `relative` (folders created).
    public func write(_ image: Image, _ relative: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ImageFile.write(image, path: path)
    }

    /// The official layout with `counts` pairs per split (train, val, test), PNG images.
    public func writeOfficial(counts: (Int, Int, Int), side: Int = 12) throws {
        for (split, count) in [("train", counts.0), ("val", counts.1), ("test", counts.2)] {
            try FileManager.default.createDirectory(
                atPath: root + "/\(split)/images", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: root + "/\(split)/labels", withIntermediateDirectories: true)
            for index in 0..<count {
                try write(Self.image(side: side, seed: index), "\(split)/images/\(index).png")
                try write(Self.mask(side: side), "\(split)/labels/\(index).png")
            }
        }
    }
}
