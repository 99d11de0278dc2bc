/// Singular values of small dense matrices, for the rank of a noise transition matrix.
enum SingularValues {
    /// The singular values of `matrix` (rows of equal length), largest first, by one-sided Jacobi
    /// (Hestenes 1958): pairs of columns are rotated until all are orthogonal to a relative `1e-15`
    /// (at most 100 sweeps); the singular values are then the column norms. Accurate to a few ulps
    /// of the largest value, which is all a rank needs.
    static func of(_ matrix: [[Double]]) -> [Double] {
        guard let columnCount = matrix.first?.count, columnCount > 0 else { return [] }
        precondition(
            matrix.allSatisfy { $0.count == columnCount },
            "SingularValues: rows must have equal lengths, got \(matrix.map(\.count))")
        // Columns as contiguous arrays: columns[j][i] = matrix[i][j].
        var columns = (0..<columnCount).map { j in matrix.map { $0[j] } }
        for _ in 0..<100 {
            var rotated = false
            for p in 0..<columnCount {
                for q in (p + 1)..<max(p + 1, columnCount) {
                    var alpha = 0.0
                    var beta = 0.0
                    var gamma = 0.0
                    for i in columns[p].indices {
                        alpha += columns[p][i] * columns[p][i]
                        beta += columns[q][i] * columns[q][i]
                        gamma += columns[p][i] * columns[q][i]
                    }
                    guard abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    for i in columns[p].indices {
                        let up = columns[p][i]
                        let uq = columns[q][i]
                        columns[p][i] = c * up - s * uq
                        columns[q][i] = s * up + c * uq
                    }
                }
            }
            if !rotated { break }
        }
        return columns.map { column in column.reduce(0) { $0 + $1 * $1 }.squareRoot() }.sorted(by: >)
    }
}
