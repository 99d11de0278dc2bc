/// How many pixels of a class a fraction `p` means: the one rounding rule of RS and RF.
///
/// RS keeps `⌈p·N⌉` pixels of a class of `N` pixels, as the official `randomSample` does
/// (`math.ceil(sampleLength * sampleRatio)`). RF flips `⌊p·N⌋`, which is `N − ⌈(1−p)·N⌉`: the
/// official `randomFlip` keeps `⌈(1−p)·N⌉` pixels of each class by the same sampling and flips the
/// rest, so both generators round the same way and RF with `p` keeps exactly what RS with `1 − p`
/// keeps.
///
/// `p·N` is computed in Double and snapped to the nearest integer when it lies within a relative
/// `1e-9` of it, so a decimal fraction counts as written: `0.7 · 10` is 7 (the Double product is
/// 7.000000000000001) and `0.1 · 100` is 10, not 11.
public enum NoiseCount {
    /// The relative distance within which `p·N` counts as the integer next to it.
    public static let snapTolerance = 1e-9

    /// `⌈p·N⌉`, the pixels RS keeps of a class of `N` pixels.
    ///
    /// - Precondition: `0 ≤ p ≤ 1` and `N ≥ 0` (callers validate user input first).
    public static func kept(fraction p: Double, of count: Int) -> Int {
        snappedProduct(p, count).rounded(.up).clampedCount(to: count)
    }

    /// `⌊p·N⌋`, the pixels RF flips in a class of `N` pixels.
    ///
    /// - Precondition: `0 ≤ p ≤ 1` and `N ≥ 0`.
    public static func flipped(fraction p: Double, of count: Int) -> Int {
        snappedProduct(p, count).rounded(.down).clampedCount(to: count)
    }

    private static func snappedProduct(_ p: Double, _ count: Int) -> Double {
        precondition((0...1).contains(p), "NoiseCount: fraction must be in [0, 1], got \(p)")
        precondition(count >= 0, "NoiseCount: pixel count must be non-negative, got \(count)")
        let product = p * Double(count)
        let nearest = product.rounded()
        return abs(product - nearest) <= snapTolerance * max(1, product) ? nearest : product
    }
}

extension Double {
    fileprivate func clampedCount(to count: Int) -> Int {
        Swift.min(Swift.max(Int(self), 0), count)
    }
}
