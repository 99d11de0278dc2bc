/// Resizing: nearest neighbour for labels and masks (no new label values), bilinear for images.
///
/// Both map output pixel centres onto the input with half-pixel centres: output `x` samples input
/// position `(x + 0.5) · inWidth / outWidth − 0.5`.
/// - Nearest takes the input pixel `⌊(x + 0.5) · inWidth / outWidth⌋` (clamped), the pixel whose
///   area contains the output centre (OpenCV's `INTER_NEAREST_EXACT`).
/// - Bilinear interpolates the four surrounding pixels with positions clamped to the image
///   (replicated border; OpenCV's `INTER_LINEAR` on float input).
public enum Resize {
    /// Nearest-neighbour resize of a label map.
    public static func nearest(_ labels: LabelMap, width: Int, height: Int) -> LabelMap {
        let map = nearestIndices(
            fromWidth: labels.width, fromHeight: labels.height, width: width, height: height)
        return LabelMap(width: width, height: height, labels: map.map { labels.labels[$0] })
    }

    /// Nearest-neighbour resize of a mask.
    public static func nearest(_ mask: Mask, width: Int, height: Int) -> Mask {
        let map = nearestIndices(fromWidth: mask.width, fromHeight: mask.height, width: width, height: height)
        return Mask(width: width, height: height, pixels: map.map { mask.pixels[$0] })
    }

    /// Bilinear resize of a plane.
    public static func bilinear(_ plane: Plane, width: Int, height: Int) -> Plane {
        precondition(width > 0 && height > 0, "resize target must be positive, got \(width)x\(height)")
        let xs = (0..<width).map { linearTap(output: $0, outSize: width, inSize: plane.width) }
        let ys = (0..<height).map { linearTap(output: $0, outSize: height, inSize: plane.height) }
        var values = [Double](repeating: 0, count: width * height)
        for (y, row) in ys.enumerated() {
            for (x, column) in xs.enumerated() {
                let top =
                    plane[column.low, row.low] * (1 - column.weight) + plane[column.high, row.low]
                    * column.weight
                let bottom =
                    plane[column.low, row.high] * (1 - column.weight) + plane[column.high, row.high]
                    * column.weight
                values[y * width + x] = top * (1 - row.weight) + bottom * row.weight
            }
        }
        return Plane(width: width, height: height, values: values)
    }

    private static func nearestIndices(fromWidth: Int, fromHeight: Int, width: Int, height: Int) -> [Int] {
        precondition(width > 0 && height > 0, "resize target must be positive, got \(width)x\(height)")
        func source(_ output: Int, _ outSize: Int, _ inSize: Int) -> Int {
            min(Int((Double(output) + 0.5) * Double(inSize) / Double(outSize)), inSize - 1)
        }
        var indices = [Int](repeating: 0, count: width * height)
        for y in 0..<height {
            let sourceY = source(y, height, fromHeight)
            for x in 0..<width {
                indices[y * width + x] = sourceY * fromWidth + source(x, width, fromWidth)
            }
        }
        return indices
    }

    private static func linearTap(output: Int, outSize: Int, inSize: Int) -> (
        low: Int, high: Int, weight: Double
    ) {
        let position = max((Double(output) + 0.5) * Double(inSize) / Double(outSize) - 0.5, 0)
        let low = min(Int(position), inSize - 1)
        let high = min(low + 1, inSize - 1)
        return (low, high, position - Double(low))
    }
}
