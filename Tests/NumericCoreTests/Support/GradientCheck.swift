import Testing

/// Finite-difference gradient checking in Double.
///
/// The analytic gradients under test are computed by the Float32 kernels. The numeric gradient is
/// computed from an independent Double reference of the forward function: for the scalar loss
/// `L(x) = Σ_k r_k · f(x)_k` with fixed random weights `r`, `∂L/∂x_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / 2h`
/// with `h = 1e-6`. In Double the truncation error is O(h²) ≈ 1e-12 and the rounding error about
/// 1e-16 / h ≈ 1e-10, so the numeric gradient is exact to ~1e-9 and the tolerance only has to absorb
/// Float32 rounding in the kernel under test.
enum GradientCheck {
    /// Central-difference step.
    static let step = 1e-6

    /// Absolute tolerance for a Float32 analytic gradient against the Double numeric one.
    static let absoluteTolerance = 1e-4

    /// Relative tolerance (times the larger magnitude) for the same comparison.
    static let relativeTolerance = 1e-3

    /// The numeric gradient of `Σ_k weights[k] · f(x)[k]` with respect to `x`.
    static func numericGradient(
        of f: ([Double]) -> [Double], at x: [Double], outputWeights weights: [Double]
    ) -> [Double] {
        func loss(_ point: [Double]) -> Double {
            let output = f(point)
            precondition(
                output.count == weights.count, "weights \(weights.count) for \(output.count) outputs")
            var total = 0.0
            for (value, weight) in zip(output, weights) {
                total += value * weight
            }
            return total
        }
        var gradient = [Double](repeating: 0, count: x.count)
        var point = x
        for index in x.indices {
            point[index] = x[index] + step
            let plus = loss(point)
            point[index] = x[index] - step
            let minus = loss(point)
            point[index] = x[index]
            gradient[index] = (plus - minus) / (2 * step)
        }
        return gradient
    }

    /// Expects `analytic` to match `numeric` element-wise within the stated tolerances.
    static func expectMatch(
        _ analytic: [Float], _ numeric: [Double], _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectClose(
            analytic.map { Double($0) }, numeric, absolute: absoluteTolerance, relative: relativeTolerance,
            label, sourceLocation: sourceLocation)
    }
}

/// Expects two sequences to have equal length and to agree element-wise within
/// `absolute + relative · max(|a|, |b|)`; reports the worst element.
func expectClose(
    _ actual: [Double], _ expected: [Double], absolute: Double, relative: Double, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.count == expected.count, "\(label): \(actual.count) vs \(expected.count) values",
        sourceLocation: sourceLocation)
    var worstIndex = -1
    var worstExcess = 0.0
    for (index, (a, b)) in zip(actual, expected).enumerated() {
        let allowed = absolute + relative * max(abs(a), abs(b))
        let excess = abs(a - b) - allowed
        if !(excess <= worstExcess) {
            worstExcess = excess.isNaN ? .infinity : excess
            worstIndex = index
        }
    }
    if worstIndex >= 0 {
        let message =
            "\(label): element \(worstIndex) is \(actual[worstIndex]), expected \(expected[worstIndex]) "
            + "(tolerance \(absolute) + \(relative)·|x|)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}

/// `expectClose` for Float tensors' scalars against Double references.
func expectClose(
    _ actual: [Float], _ expected: [Double], absolute: Double, relative: Double, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose(
        actual.map { Double($0) }, expected, absolute: absolute, relative: relative, label,
        sourceLocation: sourceLocation)
}
