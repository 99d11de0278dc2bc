/// What an import read, what tiling made of it and what it left out, reported by `dataset import --json` and recorded
/// in the manifest.
public struct ImportSummary: Sendable, Equatable {
    /// Samples read (image files).
    public var samples = 0
    /// Tiles cut from them (0 when the layout does not tile).
    public var tiles = 0
    /// The ids of samples smaller than one tile, which gave no tile.
    public var skipped: [String] = []
    /// Pixels of the tiled samples, and how many of them fell in the dropped border strips.
    public var pixels = 0
    public var droppedPixels = 0
    /// Splits of the source left out for want of labels (Cityscapes' and VOC's `test`).
    public var skippedSplits: [String] = []
    /// Images no split lists (VOC), or nil for layouts that import every image.
    public var unlistedImages: Int?
    /// The ids of samples larger than the padding canvas, which kept only its top-left part (VOC).
    public var cropped: [String] = []

    public init() {}
}
