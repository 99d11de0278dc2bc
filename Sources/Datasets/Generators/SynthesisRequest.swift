public import RandomStreams

/// What to synthesise: a kind, the image side, the split sizes and the seed.
///
/// Randomness: sample `i` of split `s` is drawn from the stream `"dataset/<kind>/<s>/<i>"` of the
/// seed, so a sample depends only on the seed, its kind, its split and its index: shrinking the
/// training split leaves the test images unchanged.
public struct SynthesisRequest: Sendable, Equatable {
    public var kind: SyntheticKind
    public var imageSize: Int
    public var sizes: SplitSizes
    public var seed: Seed

    /// The smallest and largest image side accepted.
    public static let imageSizes = 16...4096
    /// The largest count per split accepted.
    public static let maximumCount = 100_000

    public init(kind: SyntheticKind, imageSize: Int? = nil, sizes: SplitSizes? = nil, seed: Seed = 0) {
        self.kind = kind
        self.imageSize = imageSize ?? kind.defaultImageSize
        self.sizes = sizes ?? kind.defaultSizes
        self.seed = seed
    }

    /// Throws for sizes a generator cannot honour.
    public func validate() throws(DatasetsError) {
        guard Self.imageSizes.contains(imageSize) else {
            throw .invalidSize(
                what: "image size", value: imageSize,
                reason: "must be \(Self.imageSizes.lowerBound)...\(Self.imageSizes.upperBound) pixels")
        }
        for split in Split.allCases where !(0...Self.maximumCount).contains(sizes[split]) {
            throw .invalidSize(
                what: "\(split.rawValue) count", value: sizes[split],
                reason: "must be 0...\(Self.maximumCount)")
        }
        guard sizes.total > 0 else {
            throw .invalidSize(what: "total count", value: 0, reason: "a dataset needs at least one sample")
        }
    }

    /// The stream sample `index` of `split` is drawn from.
    public func stream(split: Split, index: Int) -> RandomStream {
        seed.stream(
            StreamName.syntheticSample(generator: kind.rawValue, split: split.rawValue, index: index))
    }

    /// Draws every sample; `progress(done, total)` is called after each one.
    public func generate(progress: (Int, Int) -> Void = { _, _ in }) throws(DatasetsError) -> DatasetContent {
        try validate()
        let generator = kind.generator
        var splits: [Split: [LabeledImage]] = [:]
        var done = 0
        for split in Split.allCases {
            var samples: [LabeledImage] = []
            samples.reserveCapacity(sizes[split])
            for index in 0..<sizes[split] {
                samples.append(
                    generator.sample(
                        width: imageSize, height: imageSize, stream: stream(split: split, index: index)))
                done += 1
                progress(done, sizes.total)
            }
            splits[split] = samples
        }
        return DatasetContent(task: generator.task, splits: splits)
    }
}
