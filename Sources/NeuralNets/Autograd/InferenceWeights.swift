public import NumericCore

/// The convolution weights an evaluation pass derives from a network's parameters (batch norm folded
/// into the convolution before it, and the Winograd transform of the folded weight), computed for
/// the first image that needs them and reused for the others.
///
/// Hand the same instance to `Tape.inference(reusing:)` for every image of one pass over a test set.
/// It keeps no version of the parameters, so it must not outlive the pass: a step of the optimiser
/// in between would leave it stale. Reusing it gives the bits of computing each image afresh.
public final class InferenceWeights {
    /// A convolution's weight and bias with its batch norm folded in.
    struct Folded {
        let weight: Tensor
        let bias: Tensor
    }

    /// A batch norm layer and the convolution it follows.
    struct Pair: Hashable {
        let batchNorm: ObjectIdentifier
        let convolution: ObjectIdentifier
    }

    private var folded: [Pair: Folded] = [:]
    private var transformed: [Pair: [Float]] = [:]

    public init() {}

    /// How many convolutions' folded weights are held.
    public var count: Int { folded.count }

    /// How many of them also hold their Winograd transform (taken by images of at least
    /// `Winograd3x3.minimumExtent` pixels a side).
    public var transformedCount: Int { transformed.count }

    /// The folded weights of `pair`, from `make` the first time they are asked for.
    func folded(_ pair: Pair, _ make: () -> Folded) -> Folded {
        Self.value(for: pair, in: &folded, make)
    }

    /// The Winograd transform of `pair`'s folded weight, from `make` the first time.
    func transformed(_ pair: Pair, _ make: () -> [Float]) -> [Float] {
        Self.value(for: pair, in: &transformed, make)
    }

    /// `cache[pair]`, made and kept on first use.
    private static func value<Value>(for pair: Pair, in cache: inout [Pair: Value], _ make: () -> Value)
        -> Value
    {
        if let known = cache[pair] { return known }
        let made = make()
        cache[pair] = made
        return made
    }
}
