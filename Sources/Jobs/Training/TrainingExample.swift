internal import Datasets
internal import Imaging
internal import NumericCore
internal import Runs

/// One sample prepared for the network: the image z-scored by a `Normalization` rule (over all its
/// pixels and channels, or per channel), the binary target (label 1 → 1, else 0) and the loss mask
/// (label 255 → 0, else 1). Planar `[C, H, W]` values.
struct TrainingExample: Sendable {
    let channels: Int
    let height: Int
    let width: Int
    /// `C·H·W` z-scored values, channel planes in order.
    let image: [Float]
    /// `H·W` targets.
    let target: [Float]
    /// `H·W` loss weights.
    let mask: [Float]
    /// The labels as stored (for evaluation).
    let labels: [UInt8]

    init(_ sample: LabeledImage, normalization: Normalization = .image) {
        let image = sample.image
        channels = image.channels
        height = image.height
        width = image.width
        self.image = normalization.planarZScores(of: image)
        labels = sample.labels.labels
        target = labels.map { $0 == 1 ? 1 : 0 }
        mask = labels.map { $0 == LabelMap.ignore ? 0 : 1 }
    }

    /// A batch `[N, C, H, W]` of images, `[N, 1, H, W]` of targets and masks, and the `N·H·W` labels
    /// as class indices (255 ignored, for cross-entropy), each example transformed by its
    /// `DihedralTransform`.
    static func batch(_ examples: [(TrainingExample, DihedralTransform)]) -> (
        images: Tensor, targets: Tensor, masks: Tensor, classes: [Int32]
    ) {
        let first = examples[0].0
        let (c, h, w) = (first.channels, first.height, first.width)
        var images = [Float]()
        var targets = [Float]()
        var masks = [Float]()
        var classes = [Int32]()
        images.reserveCapacity(examples.count * c * h * w)
        for (example, transform) in examples {
            let map = transform.sourceIndices(height: h, width: w)
            for channel in 0..<c {
                let offset = channel * h * w
                for source in map { images.append(example.image[offset + source]) }
            }
            for source in map {
                targets.append(example.target[source])
                masks.append(example.mask[source])
                classes.append(Int32(example.labels[source]))
            }
        }
        let n = examples.count
        return (
            Tensor(shape: [n, c, h, w], scalars: images), Tensor(shape: [n, 1, h, w], scalars: targets),
            Tensor(shape: [n, 1, h, w], scalars: masks), classes
        )
    }
}
