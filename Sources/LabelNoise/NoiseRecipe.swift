public import Imaging
public import RandomStreams

/// One way of making a noisy label from a clean one: the generators of the paper behind one
/// value, so the engine and the CLI handle them alike.
///
/// All randomness comes from the seed's stream `StreamName.noise`, fresh for
/// each call, so the same clean label, recipe and seed give the same bytes.
public enum NoiseRecipe: Sendable, Equatable {
    /// RS: keep `⌈p·N⌉` pixels of each class.
    case sampling(RandomSampling)
    /// RF: flip `⌊p·N⌋` pixels of each class.
    case flipping(RandomFlipping)
    /// RL: a random mask of the clean label's size.
    case generation(RandomGeneration)
    /// PCL: dilation, erosion, skeleton, or a sequence of them.
    case morphology(MorphologicalNoise)

    /// The sub-stream of the run seed that every draw comes from.
    public static let streamName = StreamName.noise

    /// Whether the output depends on a seed (morphology does not).
    public var isRandom: Bool {
        if case .morphology = self { return false }
        return true
    }

    /// Whether the recipe works on binary masks (morphology, binary flipping), so that a file
    /// holding 0 and one other level should be read as a 0/1 mask
    /// (`LabelMap.normalizedSingleForeground()`).
    public var readsMasks: Bool {
        switch self {
        case .morphology: true
        case .flipping(let flipping): flipping.classes == 2
        case .sampling, .generation: false
        }
    }

    /// Checks that `clean` suits the recipe without drawing anything, so callers can refuse bad
    /// input before they store or record anything.
    ///
    /// - Throws: what `apply(to:seed:)` would throw for this label.
    public func validate(_ clean: LabelMap) throws(LabelNoiseError) {
        switch self {
        case .sampling, .generation: return
        case .flipping(let flipping): try clean.checkLabels(below: flipping.classes)
        case .morphology: _ = try clean.binaryMask()
        }
    }

    /// The noisy label of `clean`.
    ///
    /// - Throws: `notBinary` when morphology gets a map that is not 0/1, `notBinary` or
    ///   `labelOutOfRange` when RF gets labels outside its classes.
    public func apply(to clean: LabelMap, seed: Seed) throws(LabelNoiseError) -> LabelMap {
        var stream = seed.stream(Self.streamName)
        switch self {
        case .sampling(let sampling):
            return sampling.apply(to: clean, stream: &stream)
        case .flipping(let flipping):
            return try flipping.apply(to: clean, stream: &stream)
        case .generation(let generation):
            return LabelMap(
                mask: generation.generate(width: clean.width, height: clean.height, stream: &stream))
        case .morphology(let morphology):
            return LabelMap(mask: morphology.apply(to: try clean.binaryMask()))
        }
    }
}
