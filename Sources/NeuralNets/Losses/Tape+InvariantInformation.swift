internal import NumericCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension Tape {
    /// The invariant information clustering loss for segmentation (Ji, Henriques, Vedaldi 2019), as its
    /// reference `IID_segmentation_loss` computes it with λ = 1; the AC baseline maximises this mutual
    /// information between two cluster maps.
    ///
    /// With cluster probabilities `a`, `b` of shape `[N, K, H, W]` (softmax outputs) and a displacement
    /// window of half-side `T`:
    /// 1. `Q_ij = Σ_{δ ∈ [−T, T]²} Σ_n Σ_p a[n, i, p + δ] · b[n, j, p]` (positions outside the image
    ///    contribute 0);
    /// 2. `P = (Q + Qᵀ) / (2·S)` with `S = Σ Q` — treated as a constant, as the reference does with
    ///    `float(p_i_j.sum())`;
    /// 3. marginals `P_i = Σ_j P_ij`, `P_j = Σ_i P_ij` from the unclamped `P`; then `P_ij`, `P_i`, `P_j`
    ///    below ε = 2.22e-16 (Double's machine epsilon) are replaced by ε, and such replaced entries carry
    ///    no gradient;
    /// 4. loss `= −Σ_ij P_ij (log P_ij − log P_i − log P_j)`, the negative mutual information.
    ///
    /// - Returns: a scalar of shape `[]`.
    public func invariantInformationLoss(_ first: Variable, _ second: Variable, halfWindow: Int) -> Variable {
        let (n, k, h, w) = first.value.nchw("Tape.invariantInformationLoss")
        precondition(
            second.shape == first.shape && halfWindow >= 0,
            "Tape.invariantInformationLoss: shapes \(first.shape) and \(second.shape), half window \(halfWindow)"
        )
        let a = first.value.scalars
        let b = second.value.scalars
        let shape = first.shape
        let plane = h * w
        let window = -halfWindow...halfWindow

        /// Calls `body(aOffset, bOffset)` for every pair `a[n, ·, p + δ]`, `b[n, ·, p]` within the image,
        /// with offsets relative to the start of a channel plane of image `n`.
        func forEachPair(_ body: (Int, Int, Int) -> Void) {
            for image in 0..<n {
                for dy in window {
                    for dx in window {
                        for y in Swift.max(0, -dy)..<Swift.min(h, h - dy) {
                            for x in Swift.max(0, -dx)..<Swift.min(w, w - dx) {
                                body(image, (y + dy) * w + x + dx, y * w + x)
                            }
                        }
                    }
                }
            }
        }

        var q = [Double](repeating: 0, count: k * k)
        forEachPair { image, aOffset, bOffset in
            for i in 0..<k {
                let ai = Double(a[(image * k + i) * plane + aOffset])
                for j in 0..<k {
                    q[i * k + j] += ai * Double(b[(image * k + j) * plane + bOffset])
                }
            }
        }
        let total = q.reduce(0, +)
        let epsilon = Double.ulpOfOne
        var p = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                p[i * k + j] = total > 0 ? (q[i * k + j] + q[j * k + i]) / (2 * total) : 0
            }
        }
        let rows = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + p[i * k + $1] } }
        let columns = (0..<k).map { j in (0..<k).reduce(0.0) { $0 + p[$1 * k + j] } }
        let clampedP = p.map { Swift.max($0, epsilon) }
        let clampedRows = rows.map { Swift.max($0, epsilon) }
        let clampedColumns = columns.map { Swift.max($0, epsilon) }
        var loss = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let pij = clampedP[i * k + j]
                loss -= pij * (log(pij) - log(clampedRows[i]) - log(clampedColumns[j]))
            }
        }

        return record(Tensor(shape: [], scalars: [Float(loss)]), inputs: [first, second]) { gradient, _ in
            // dL/dP, then through the symmetrisation and the constant normalisation to dL/dQ.
            var dP = [Double](repeating: 0, count: k * k)
            for i in 0..<k {
                let rowTerm =
                    rows[i] >= epsilon
                    ? (0..<k).reduce(0.0) { $0 + clampedP[i * k + $1] } / clampedRows[i] : 0
                for j in 0..<k {
                    let pij = clampedP[i * k + j]
                    var value =
                        p[i * k + j] >= epsilon
                        ? -(log(pij) - log(clampedRows[i]) - log(clampedColumns[j])) - 1 : 0
                    value += rowTerm
                    if columns[j] >= epsilon {
                        value += (0..<k).reduce(0.0) { $0 + clampedP[$1 * k + j] } / clampedColumns[j]
                    }
                    dP[i * k + j] = value
                }
            }
            let upstream = Double(gradient.scalars[0])
            var dQ = [Double](repeating: 0, count: k * k)
            for i in 0..<k {
                for j in 0..<k {
                    dQ[i * k + j] = total > 0 ? upstream * (dP[i * k + j] + dP[j * k + i]) / (2 * total) : 0
                }
            }
            var gradA = [Double](repeating: 0, count: a.count)
            var gradB = [Double](repeating: 0, count: b.count)
            forEachPair { image, aOffset, bOffset in
                for i in 0..<k {
                    let aIndex = (image * k + i) * plane + aOffset
                    let ai = Double(a[aIndex])
                    for j in 0..<k {
                        let bIndex = (image * k + j) * plane + bOffset
                        gradA[aIndex] += dQ[i * k + j] * Double(b[bIndex])
                        gradB[bIndex] += dQ[i * k + j] * ai
                    }
                }
            }
            return [
                Tensor(shape: shape, scalars: gradA.map { Float($0) }),
                Tensor(shape: shape, scalars: gradB.map { Float($0) }),
            ]
        }
    }
}
