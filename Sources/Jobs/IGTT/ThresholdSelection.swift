internal import NeuralNets
internal import Runs

/// iGTT's choice of a candidate label from one sigmoid map (Algorithm 1 as the official code runs it):
/// `K` thresholds `t_k = linspace(min P, max P, K)` (k = 0…K−1, in Double), masks `S_k = (P > t_k)`,
/// the DMI score `−log(|det(𝒫 𝒮ᵀ)| + 0.001)` of each `S_k` against `P`
/// (`DeterminantMutualInformation`, unnormalised counts) for `k = 1…K−2` (the extremes would give an
/// empty or full mask), and the candidate `S_k` of the lowest score; ties go to the smallest `k`.
public struct ThresholdSelection: Sendable, Equatable {
    /// The chosen `k` (in `1…K−2`).
    public let index: Int
    /// `t_k`.
    public let threshold: Double
    /// The DMI score of every `k = 1…K−2`, in order.
    public let scores: [Double]
    /// The candidate mask `P > t_k`, 0/1 per pixel.
    public let candidate: [UInt8]

    /// Selects among `thresholdCount` thresholds of `probabilities`.
    ///
    /// - Precondition: `thresholdCount ≥ 3` and at least one probability.
    public init(probabilities: [Float], thresholdCount: Int) {
        precondition(
            thresholdCount >= 3 && !probabilities.isEmpty,
            "ThresholdSelection: need ≥ 3 thresholds and a non-empty map, got \(thresholdCount), "
                + "\(probabilities.count) values")
        let low = Double(probabilities.min() ?? 0)
        let high = Double(probabilities.max() ?? 0)
        let thresholds = (0..<thresholdCount).map { k in
            low + (high - low) * Double(k) / Double(thresholdCount - 1)
        }
        var scores = [Double]()
        for k in 1...(thresholdCount - 2) {
            let mask = probabilities.map { Double($0) > thresholds[k] ? Float(1) : 0 }
            let score = probabilities.withUnsafeBufferPointer { p in
                mask.withUnsafeBufferPointer { s in DeterminantMutualInformation.loss(p, s) }
            }
            scores.append(score)
        }
        var best = 0
        for (position, score) in scores.enumerated() where score < scores[best] { best = position }
        index = best + 1
        threshold = thresholds[index]
        self.scores = scores
        candidate = probabilities.map { Double($0) > thresholds[best + 1] ? 1 : 0 }
    }

    /// The next epoch's label before EMS: the candidate, inverted if more than half of its pixels are
    /// foreground (so the foreground is the smaller set).
    public static func oriented(_ mask: [UInt8]) -> [UInt8] {
        let foreground = mask.reduce(0) { $0 + Int($1) }
        return 2 * foreground > mask.count ? mask.map { 1 - $0 } : mask
    }
}
