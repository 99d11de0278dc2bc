import NumericCore
import RandomStreams

/// A tiny SplitMix64 generator for test fixtures, independent of `RandomStream` so that a bug in the
/// library generator cannot hide in the data it is tested with.
struct FixtureGenerator {
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

    /// A value uniform in [-1, 1), exactly representable as a Float (24-bit grid).
    mutating func signedUnit() -> Float {
        Float(Int64(next() >> 40) - (1 << 23)) / Float(1 << 23)
    }

    /// A tensor of the given shape with values uniform in [-scale, scale).
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in signedUnit() * scale })
    }

    /// `count` distinct values, randomly ordered, spaced 0.01 apart and at least 0.005 away from 0 (so
    /// max-pool has no ties, ReLU no kinks, and finite differences of size 1e-6 never cross either).
    mutating func distinctValues(_ count: Int) -> [Float] {
        var values = (0..<count).map { Float($0) * 0.01 - Float(count / 2) * 0.01 + 0.005 }
        for index in stride(from: count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            values.swapAt(index, other)
        }
        return values
    }
}

extension FixtureGenerator {
    /// A tensor of the given shape filled with `distinctValues`.
    mutating func distinctTensor(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: distinctValues(shape.reduce(1, *)))
    }
}

extension Tensor {
    /// The scalars widened to Double.
    var doubles: [Double] { scalars.map { Double($0) } }
}
