/// Otsu's threshold, equal to scikit-image's `filters.threshold_otsu` on the image's own scale.
///
/// The threshold is the histogram bin centre that maximises the between-class variance
/// `w₁ w₂ (μ₁ − μ₂)²`, the lower class being the bins up to and including it; the first maximum
/// wins. Foreground is `value > threshold`.
/// - Integer samples (8- and 16-bit images): one bin per integer from the image's minimum to its
///   maximum (scikit-image bins integer images this way whatever `nbins` says), so the
///   threshold is an integer on the image's scale.
/// - Real values (`Plane`): 256 equal bins over `[min, max]`, as `numpy.histogram` places values,
///   threshold at a bin centre.
/// An image of a single value returns that value (and so has no foreground).
public enum Otsu {
    /// The threshold of a single-channel image, on its own sample scale.
    public static func threshold(_ image: Image) throws -> Double {
        let gray = try image.requireGray("otsu")
        guard let low = gray.min(), let high = gray.max() else { return 0 }
        if low == high { return Double(low) }
        var counts = [Int](repeating: 0, count: Int(high - low) + 1)
        for value in gray { counts[Int(value - low)] += 1 }
        let centres = (0..<counts.count).map { Double(Int(low) + $0) }
        let index = bestSplit(
            counts: counts,
            weighted: counts.indices.map { counts[$0] * (Int(low) + $0) }
                .map(Double.init))
        return centres[index]
    }

    /// The threshold of real values with 256 bins over their range.
    public static func threshold(_ plane: Plane) -> Double {
        let values = plane.values
        guard let low = values.min(), let high = values.max() else { return 0 }
        if low == high { return low }
        let bins = 256
        let step = (high - low) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + low }
        edges[bins] = high
        var counts = [Int](repeating: 0, count: bins)
        for value in values {
            var index = Int((value - low) / (high - low) * Double(bins))
            if index == bins { index -= 1 }
            if value < edges[index] { index -= 1 }
            if index != bins - 1 && value >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
        let centres = (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 }
        let index = bestSplit(counts: counts, weighted: (0..<bins).map { Double(counts[$0]) * centres[$0] })
        return centres[index]
    }

    /// The foreground `image > threshold(image)` and the threshold.
    public static func foreground(_ image: Image) throws -> (mask: Mask, threshold: Double) {
        let t = try threshold(image)
        let pixels = image.samples.map { Double($0) > t ? UInt8(1) : 0 }
        return (Mask(width: image.width, height: image.height, pixels: pixels), t)
    }

    /// The foreground `plane > threshold(plane)` and the threshold.
    public static func foreground(_ plane: Plane) -> (mask: Mask, threshold: Double) {
        let t = threshold(plane)
        let pixels = plane.values.map { $0 > t ? UInt8(1) : 0 }
        return (Mask(width: plane.width, height: plane.height, pixels: pixels), t)
    }

    /// The bin index maximising the between-class variance, with the cumulative sums in the same
    /// order as scikit-image (forward for the lower class, backward for the upper) so that ties
    /// and rounding break the same way. `weighted[i]` is `counts[i] × centre[i]`.
    private static func bestSplit(counts: [Int], weighted: [Double]) -> Int {
        let n = counts.count
        precondition(n >= 2 && weighted.count == n, "otsu needs 2+ bins, got \(n) and \(weighted.count)")
        var weightBelow = [Int](repeating: 0, count: n)
        var sumBelow = [Double](repeating: 0, count: n)
        var runningCount = 0
        var runningSum = 0.0
        for i in 0..<n {
            runningCount += counts[i]
            runningSum += weighted[i]
            weightBelow[i] = runningCount
            sumBelow[i] = runningSum
        }
        var weightAbove = [Int](repeating: 0, count: n)
        var sumAbove = [Double](repeating: 0, count: n)
        runningCount = 0
        runningSum = 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            runningCount += counts[i]
            runningSum += weighted[i]
            weightAbove[i] = runningCount
            sumAbove[i] = runningSum
        }
        var best = 0
        var bestVariance = -Double.infinity
        for i in 0..<(n - 1) {
            let meanBelow = sumBelow[i] / Double(weightBelow[i])
            let meanAbove = sumAbove[i + 1] / Double(weightAbove[i + 1])
            let difference = meanBelow - meanAbove
            let variance = Double(weightBelow[i] * weightAbove[i + 1]) * (difference * difference)
            if variance > bestVariance {
                bestVariance = variance
                best = i
            }
        }
        return best
    }
}
