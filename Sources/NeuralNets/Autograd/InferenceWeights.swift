public import NumericCore

/// The convolution weights an evaluation pass derives from a network's parameters (batch norm folded
/// into the convolution before it, and the Winograd transform of the folded weight), computed for
/// the pass's first image and reused for the others.
///
/// Hand the same instance to `Tape.inference(reusing:)` for every image of one pass over a test set.
/// It keeps no version of the parameters, so it must not outlive the pass: a step of the optimiser
/// in between would leave it stale. Reusing it gives the bits of computing each image afresh.
public final class InferenceWeights {
    /// A convolution with its batch norm folded in, and the Winograd transform of its weight when
    /// `Winograd3x3.applies`.
    struct Folded {
        let weight: Tensor
        let bias: Tensor
        let winograd: [Float]?
    }

    /// A batch norm layer and the convolution it follows.
    struct Pair: Hashable {
        let batchNorm: ObjectIdentifier
        let convolution: ObjectIdentifier
    }

    private var folded: [Pair: Folded] = [:]

    public init() {}

    /// How many convolutions' folded weights are held.
    public var count: Int { folded.count }

    /// The folded weights of `pair`, from `make` the first time they are asked for.
    func folded(_ pair: Pair, _ make: () -> Folded) -> Folded {
        if let known = folded[pair] { return known }
        let made = make()
        folded[pair] = made
        return made
    }
}
