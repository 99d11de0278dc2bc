import NeuralNets
import NumericCore
import RandomStreams
import Testing

/// Deterministic test data (SplitMix64), independent of `RandomStream`.
struct Fixtures {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Values uniform in [-scale, scale).
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(
            shape: shape,
            scalars: (0..<count).map { _ in (Float(next() >> 40) * 0x1p-24 * 2 - 1) * scale })
    }

    /// Distinct values spaced 0.02 apart, at least 0.01 away from 0, randomly ordered: finite
    /// differences of size 1e-3 never cross a ReLU kink or reorder a max-pool window.
    mutating func distinctTensor(_ shape: [Int]) -> Tensor {
        let count = shape.reduce(1, *)
        var values = (0..<count).map { Float($0 - count / 2) * 0.02 + 0.01 }
        for index in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(index, Int(next() % UInt64(index + 1)))
        }
        return Tensor(shape: shape, scalars: values)
    }
}

/// Finite-difference checks of whole layers through the tape.
///
/// The loss is `L = Σ r ⊙ f(x)` for fixed random `r`, accumulated in Double from the Float32 forward
/// pass. Central differences with step `h` are compared to the tape's gradients. The Float32 forward
/// has relative rounding error ~1e-7 per output, so the numeric gradient carries noise of about
/// 1e-7·Σ|r·y| / h; with `h = 1e-3` and the small fixtures used here that is below 5e-4, hence the
/// default tolerance `2e-3 + 1e-2·|g|`.
///
/// Networks with ReLU and max-pool are only piecewise smooth: when a kink lies within `h` of the
/// evaluation point, the central difference averages two slopes. Such elements are detected by
/// comparing the forward and backward one-sided differences (they differ by about `h·f''` where `f` is
/// smooth, and by the jump in slope at a kink), skipped, and counted; at most 10% may be skipped.
/// `inputStride` checks every k-th input element only, for networks whose forward pass is costly.
enum LayerGradientCheck {
    static func check(
        input: Tensor, parameters: [Parameter], training: Bool = true, random: RandomStream? = nil,
        inputStride: Int = 1, absolute: Double = 2e-3, relative: Double = 1e-2, step: Float = 1e-3,
        seed: UInt64 = 99,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ forward: (Variable, Tape) -> Variable
    ) {
        var fixtures = Fixtures(seed: seed)
        let outputShape = { () -> [Int] in
            let tape = Tape(training: training, random: random)
            return forward(tape.constant(input), tape).shape
        }()
        let weights = fixtures.tensor(outputShape)

        func loss(_ x: Tensor) -> Double {
            let tape = Tape(training: training, random: random)
            let output = forward(tape.constant(x), tape)
            return zip(output.value.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }

        // Analytic gradients.
        for parameter in parameters {
            parameter.zeroGradient()
        }
        let tape = Tape(training: training, random: random)
        let x = tape.variable(input)
        let output = forward(x, tape)
        tape.backward(from: tape.weightedSum(output, weights: weights))
        let inputGradient = tape.gradient(of: x) ?? Tensor(zeros: input.shape)
        let center = loss(input)

        var compared = 0
        var skipped = 0
        /// Compares one analytic derivative with the differences `plus = L(θ + h)`, `minus = L(θ − h)`.
        func compare(_ analytic: Float, plus: Double, minus: Double, _ label: String) {
            let h = Double(step)
            let forwardSlope = (plus - center) / h
            let backwardSlope = (center - minus) / h
            let central = (plus - minus) / (2 * h)
            let allowed = absolute + relative * max(abs(Double(analytic)), abs(central))
            if abs(forwardSlope - backwardSlope) > 10 * allowed {
                skipped += 1
                return
            }
            compared += 1
            expectClose(
                [analytic], [central], absolute: absolute, relative: relative, label,
                sourceLocation: sourceLocation)
        }

        for index in stride(from: 0, to: input.count, by: inputStride) {
            let position = flatIndex(index, input.shape)
            var plus = input
            plus[index: position] += step
            var minus = input
            minus[index: position] -= step
            compare(inputGradient.scalars[index], plus: loss(plus), minus: loss(minus), "d input[\(index)]")
        }
        for parameter in parameters {
            let analytic = parameter.gradient ?? Tensor(zeros: parameter.value.shape)
            let original = parameter.value
            for index in 0..<original.count {
                let position = flatIndex(index, original.shape)
                parameter.value[index: position] = original[index: position] + step
                let plus = loss(input)
                parameter.value[index: position] = original[index: position] - step
                let minus = loss(input)
                parameter.value = original
                compare(analytic.scalars[index], plus: plus, minus: minus, "d \(parameter.name)[\(index)]")
            }
        }
        #expect(
            skipped * 10 <= compared + skipped,
            "\(skipped) of \(compared + skipped) derivatives skipped at kinks", sourceLocation: sourceLocation
        )
    }

    static func flatIndex(_ offset: Int, _ shape: [Int]) -> [Int] {
        var remainder = offset
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return index
    }
}

/// Expects agreement within `absolute + relative · max(|a|, |b|)`; reports the worst element.
func expectClose(
    _ actual: [Float], _ expected: [Double], absolute: Double, relative: Double, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.count == expected.count, "\(label): \(actual.count) vs \(expected.count) values",
        sourceLocation: sourceLocation)
    var worstIndex = -1
    var worstExcess = 0.0
    for (index, (a, b)) in zip(actual.map { Double($0) }, expected).enumerated() {
        let excess = abs(a - b) - (absolute + relative * max(abs(a), abs(b)))
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
