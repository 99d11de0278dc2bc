internal import Runs

extension TrainingExample {
    /// The same z-scored image with other binary targets (`labels` of 0/1 per pixel, every pixel
    /// counted): iGTT trains on pseudo-labels it makes itself.
    init(_ base: TrainingExample, labels: [UInt8]) {
        precondition(
            labels.count == base.height * base.width,
            "TrainingExample: \(labels.count) labels for \(base.height)×\(base.width)")
        channels = base.channels
        height = base.height
        width = base.width
        image = base.image
        self.labels = labels
        target = labels.map { $0 == 1 ? 1 : 0 }
        mask = [Float](repeating: 1, count: labels.count)
    }
}
