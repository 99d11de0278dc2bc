internal import Imaging

/// Cuts large images into square tiles of one size, so a set whose images differ in size (the 2018
/// Data Science Bowl's run from 256×256 to 1040×1388) trains in batches.
///
/// The rule for borders: tiles lie on a grid anchored at the top-left corner, `⌊W/N⌋ × ⌊H/N⌋` of
/// them, row by row; the right and bottom strips narrower than a tile are dropped, so no pixel is
/// invented (no padding) and none is counted twice (no overlap). An image smaller than a tile in
/// either direction gives no tile and is reported as skipped.
public struct Tiling: Sendable, Equatable {
    /// The tile's side in pixels.
    public let size: Int

    /// The side msdb uses unless told otherwise: the paper's 256.
    public static let defaultSize = 256

    /// The border rule in words, as the manifest records it.
    public static let borderRule =
        "grid from the top-left corner; right and bottom strips narrower than a tile dropped"

    public init(size: Int) throws(DatasetsError) {
        guard (8...4096).contains(size) else {
            throw .invalidOption(name: "tile", reason: "\(size) is outside 8...4096")
        }
        self.size = size
    }

    /// The top-left corners of the tiles of a `width`×`height` image, row-major.
    public func origins(width: Int, height: Int) -> [(x: Int, y: Int)] {
        let columns = width / size
        let rows = height / size
        return (0..<rows).flatMap { row in (0..<columns).map { column in (column * size, row * size) } }
    }

    /// The tiles of one sample, image and labels cut alike.
    public func cut(_ sample: LabeledImage) -> [LabeledImage] {
        origins(width: sample.image.width, height: sample.image.height).map { origin in
            LabeledImage(
                image: sample.image.cropped(x: origin.x, y: origin.y, width: size, height: size),
                labels: sample.labels.cropped(x: origin.x, y: origin.y, width: size, height: size))
        }
    }
}
