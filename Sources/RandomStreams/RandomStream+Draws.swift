#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

// Derived draws. Each documents exactly how many 64-bit words it consumes and how it maps them,
// because that mapping is part of every recorded run's reproducibility.

extension RandomStream {
    /// A Float uniform in [0, 1): the top 24 bits of one word times 2⁻²⁴. Consumes one word.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A Double uniform in [0, 1): the top 53 bits of one word times 2⁻⁵³. Consumes one word.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A Float uniform in `range`: `lower + (upper − lower) · nextFloat()`, clamped below `upper`.
    /// Consumes one word.
    ///
    /// - Precondition: the range is non-empty and finite.
    public mutating func nextFloat(in range: Range<Float>) -> Float {
        precondition(
            !range.isEmpty && range.lowerBound.isFinite && range.upperBound.isFinite,
            "RandomStream.nextFloat(in:): need a non-empty finite range, got \(range)")
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * nextFloat()
        return value < range.upperBound ? value : range.upperBound.nextDown
    }

    /// An integer uniform in `0..<bound` without modulo bias, by Lemire's multiply-and-reject method
    /// ("Fast random integer generation in an interval", 2019): `x · bound` as a 128-bit product; the
    /// high word is the result unless the low word is below `2⁶⁴ mod bound`, in which case a new word
    /// is drawn. Consumes one word, rarely more.
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "RandomStream.nextInt(below:): bound must be positive, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// An integer uniform in `range`, as `lowerBound + nextInt(below: upperBound − lowerBound + 1)`.
    ///
    /// - Precondition: the range holds fewer than `Int.max` values.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let (span, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        precondition(!overflow && span < Int.max, "RandomStream.nextInt(in:): range \(range) too wide")
        return range.lowerBound + nextInt(below: span + 1)
    }

    /// `true` with probability `p`: `nextDouble() < p`. Consumes one word.
    public mutating func nextBool(probability p: Double) -> Bool {
        nextDouble() < p
    }

    /// A standard normal variate by the Box–Muller transform, cosine branch only:
    /// `u1 = (top 53 bits of word 1 + 1) · 2⁻⁵³` in (0, 1], `u2 = nextDouble()` from word 2,
    /// result `sqrt(−2 ln u1) · cos(2π u2)`. Consumes exactly two words (the sine branch is discarded
    /// so that every draw has a fixed cost). Uses the platform's `log` and `cos` (glibc on Linux).
    public mutating func nextNormal() -> Double {
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53
        let u2 = nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A normal variate with the given mean and standard deviation, as a Float:
    /// `Float(mean + standardDeviation · nextNormal())` computed in Double. Consumes two words.
    public mutating func nextNormal(mean: Float, standardDeviation: Float) -> Float {
        Float(Double(mean) + Double(standardDeviation) * nextNormal())
    }

    /// Shuffles `elements` in place by Fisher–Yates from the end: for `i` from `count − 1` down to 1,
    /// swap element `i` with element `nextInt(below: i + 1)`.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, through: 1, by: -1) {
            elements.swapAt(index, nextInt(below: index + 1))
        }
    }

    /// `k` distinct integers from `0..<n`, uniformly among all k-subsets, in draw order.
    ///
    /// Partial Fisher–Yates from the front on the virtual array `[0, 1, …, n − 1]`: for `i` in `0..<k`,
    /// `j = i + nextInt(below: n − i)`, swap positions `i` and `j`, emit position `i`. Consumes `k`
    /// draws of `nextInt(below:)`. When `k` is small against `n`, the swaps are kept in a dictionary
    /// instead of an array; both give the same result.
    ///
    /// - Precondition: `0 ≤ k ≤ n`.
    public mutating func sample(_ k: Int, from n: Int) -> [Int] {
        precondition(0 <= k && k <= n, "RandomStream.sample: need 0 ≤ k ≤ n, got k=\(k) n=\(n)")
        var result = [Int]()
        result.reserveCapacity(k)
        if k * 8 >= n {
            var positions = Array(0..<n)
            for index in 0..<k {
                let other = index + nextInt(below: n - index)
                positions.swapAt(index, other)
                result.append(positions[index])
            }
        } else {
            var moved = [Int: Int]()
            for index in 0..<k {
                let other = index + nextInt(below: n - index)
                let atOther = moved[other] ?? other
                let atIndex = moved[index] ?? index
                moved[other] = atIndex
                moved[index] = atOther
                result.append(atOther)
            }
        }
        return result
    }
}
