internal import Runs

/// How the clustering baselines (DFC, AC) turn a cluster map into a binary mask without looking at the
/// ground truth: the foreground is a set of the brightest clusters.
///
/// The clusters present are ordered by the mean intensity of their pixels (brightest first; equal
/// means by cluster number). For each `j = 1…m−1` the `j` brightest form the candidate foreground;
/// the chosen `j` maximises the between-class variance of the pixel intensities,
/// `w₀·w₁·(μ₀ − μ₁)²` (Otsu's criterion over the cluster split; ties to the smaller `j`). With two
/// clusters this is the brighter one. A single cluster gives an empty mask.
public enum ClusterMapping {
    /// The 0/1 mask of `clusters` (one cluster number per pixel) given the pixels' `intensities`.
    public static func foreground(clusters: [Int32], intensities: [Double]) -> [UInt8] {
        precondition(
            clusters.count == intensities.count,
            "ClusterMapping: \(clusters.count) cluster numbers for \(intensities.count) intensities")
        var sums: [Int32: Double] = [:]
        var counts: [Int32: Int] = [:]
        for (cluster, value) in zip(clusters, intensities) {
            sums[cluster, default: 0] += value
            counts[cluster, default: 0] += 1
        }
        let ordered = counts.keys.sorted { a, b in
            let (ma, mb) = (
                sums[a, default: 0] / Double(counts[a, default: 1]),
                sums[b, default: 0] / Double(counts[b, default: 1])
            )
            return ma != mb ? ma > mb : a < b
        }
        guard ordered.count >= 2 else { return [UInt8](repeating: 0, count: clusters.count) }
        let total = Double(clusters.count)
        let totalSum = sums.values.reduce(0, +)
        var best = (j: 1, variance: -Double.infinity)
        var count = 0.0
        var sum = 0.0
        for j in 1..<ordered.count {
            count += Double(counts[ordered[j - 1], default: 0])
            sum += sums[ordered[j - 1], default: 0]
            let (w1, w0) = (count / total, (total - count) / total)
            let difference = sum / count - (totalSum - sum) / (total - count)
            let variance = w0 * w1 * difference * difference
            if variance > best.variance { best = (j, variance) }
        }
        let chosen = Set(ordered.prefix(best.j))
        return clusters.map { chosen.contains($0) ? 1 : 0 }
    }
}
