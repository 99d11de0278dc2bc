internal import NumericCore
internal import RandomStreams
internal import Runs

/// The order, augmentation and batches of one training epoch, drawn from named streams of the run's
/// seed that depend only on the epoch: `StreamName.shuffle(epoch:)` (Fisher–Yates over the training
/// images) and `StreamName.augmentation(epoch:)` (one `DihedralTransform` per image, in the shuffled
/// order). Batches take
/// `batch` consecutive positions of the order; the last holds the remainder and is dropped when it is
/// smaller than the network's minimum batch. Shared by supervised training and iGTT.
struct EpochPlan {
    /// Training-image indices in the epoch's order.
    let order: [Int]
    /// The transform of the image at each position of `order`.
    let transforms: [DihedralTransform]
    /// Positions into `order`, one array per step.
    let batches: [[Int]]

    init(seed: Seed, epoch: Int, count: Int, batch: Int, minimumBatch: Int, square: Bool) {
        var order = Array(0..<count)
        var shuffle = seed.stream(StreamName.shuffle(epoch: epoch))
        shuffle.shuffle(&order)
        var augment = seed.stream(StreamName.augmentation(epoch: epoch))
        transforms = order.map { _ in DihedralTransform.draw(square: square, from: &augment) }
        var batches = stride(from: 0, to: count, by: batch).map { Array($0..<min($0 + batch, count)) }
        if let last = batches.last, last.count < minimumBatch {
            batches.removeLast()
        }
        self.order = order
        self.batches = batches
    }
}
