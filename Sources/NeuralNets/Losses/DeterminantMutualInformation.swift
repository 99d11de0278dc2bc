#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The determinant-based mutual information (DMI, Xu et al. 2019) of a binary prediction and a binary
/// label, as the Meta-Structures code computes it.
///
/// For one image with probabilities `p` and labels `y` over `n = H·W` pixels, the 2×2 matrix
/// `U = 𝒫 𝒮ᵀ` with `𝒫 = [p; 1 − p]`, `𝒮 = [y; 1 − y]` holds unnormalised counts, and
/// `det U = n·Σ p·y − Σ p · Σ y` (expanding the 2×2 determinant). The DMI loss of the image is
/// `−log(|det U| + 0.001)`. Sums are accumulated in Double.
public enum DeterminantMutualInformation {
    /// The constant added to `|det U|` inside the logarithm (the official code's 0.001).
    public static let offset = 0.001

    /// `det U = n·Σ p·y − Σ p · Σ y` for one image's `n` probabilities and labels.
    public static func determinant(_ p: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double
    {
        precondition(
            p.count == y.count, "DeterminantMutualInformation: \(p.count) predictions, \(y.count) labels")
        var sumP = 0.0
        var sumY = 0.0
        var sumPY = 0.0
        for index in 0..<p.count {
            let (pi, yi) = (Double(p[index]), Double(y[index]))
            sumP += pi
            sumY += yi
            sumPY += pi * yi
        }
        return Double(p.count) * sumPY - sumP * sumY
    }

    /// The loss `−log(|det U| + 0.001)` for one image.
    public static func loss(_ p: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double {
        -log(abs(determinant(p, y)) + offset)
    }
}
