public import Imaging

/// The noise transition matrix Q(y*|y) estimated from a clean/noisy pair, and its rank (the
/// paper's Lemma 2: random sampling and flipping keep rank M, random generation has rank 1).
///
/// Row `y` is the clean class, column `y*` the noisy one: `matrix[y][y*]` is the fraction of the
/// pixels of clean class `y` that carry `y*` in the noisy label. Pixels ignored (255) in either
/// label are left out. A class with no pixels in the clean label has a row of zeros.
public struct NoiseTransitionMatrix: Sendable, Equatable {
    /// The number of classes `M`; labels are `0..<M`.
    public let classes: Int
    /// `counts[y][y*]`: pixels with clean class `y` and noisy class `y*`.
    public let counts: [[Int]]
    /// Rows of `counts` divided by their sums (zero rows stay zero).
    public let matrix: [[Double]]
    /// The singular values of `matrix`, largest first.
    public let singularValues: [Double]

    /// Counts the pair. `classes` defaults to one more than the largest label in either map
    /// (ignoring 255), and at least 2.
    ///
    /// - Throws: `sizeMismatch` for maps of different sizes; `invalidClassCount` for a class count
    ///   outside 2...255; `notBinary`/`labelOutOfRange` for a label outside the classes.
    public init(clean: LabelMap, noisy: LabelMap, classes: Int? = nil) throws(LabelNoiseError) {
        guard clean.width == noisy.width, clean.height == noisy.height else {
            throw .sizeMismatch(
                cleanWidth: clean.width, cleanHeight: clean.height, noisyWidth: noisy.width,
                noisyHeight: noisy.height)
        }
        let largest = (clean.labels + noisy.labels).filter { $0 != LabelMap.ignore }.max().map(Int.init) ?? 0
        let count = classes ?? max(2, largest + 1)
        guard (2...255).contains(count) else { throw .invalidClassCount(count) }
        try clean.checkLabels(below: count)
        try noisy.checkLabels(below: count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for (truth, observed) in zip(clean.labels, noisy.labels)
        where truth != LabelMap.ignore && observed != LabelMap.ignore {
            counts[Int(truth)][Int(observed)] += 1
        }
        self.classes = count
        self.counts = counts
        matrix = counts.map { row in
            let total = row.reduce(0, +)
            return row.map { total == 0 ? 0 : Double($0) / Double(total) }
        }
        singularValues = SingularValues.of(matrix)
    }

    /// The number of singular values above `tolerance`.
    public func rank(tolerance: Double) -> Int {
        singularValues.filter { $0 > tolerance }.count
    }

    /// The rank with the default tolerance `rankTolerance`.
    public var rank: Int { rank(tolerance: rankTolerance) }

    /// The default rank tolerance: the larger of
    /// - the floating-point tolerance `σ_max · M · ε` (numpy's `matrix_rank`), and
    /// - three times the sampling error of the estimate, `3·sqrt(Σ_y Σ_y* Q(1−Q) / n_y)` over
    ///   classes with `n_y > 0` clean pixels: the expected Frobenius norm of the difference between
    ///   the estimated and the true matrix when pixels are corrupted independently, which by
    ///   Weyl's inequality bounds how far a zero singular value can rise in the estimate.
    ///
    /// Why not the floating-point tolerance alone: the rank-1 matrix of random generation is only
    /// estimated from finitely many pixels, so its rows differ by sampling noise and its estimate
    /// has full rank in floating point. Sampling and flipping move exact counts, and their
    /// smallest singular value (`1 − 2p` for symmetric binary flipping) is far above the sampling
    /// term unless `p` is within a few `1/sqrt(N)` of 1/2 (flipping 0.49 on a small image can read
    /// as rank 1; the singular values are reported so a reader can see how close it is).
    public var rankTolerance: Double {
        let numerical = (singularValues.first ?? 0) * Double(classes) * Double.ulpOfOne
        var variance = 0.0
        for (row, rowCounts) in zip(matrix, counts) {
            let total = rowCounts.reduce(0, +)
            guard total > 0 else { continue }
            variance += row.reduce(0) { $0 + $1 * (1 - $1) } / Double(total)
        }
        return max(numerical, 3 * variance.squareRoot())
    }
}
