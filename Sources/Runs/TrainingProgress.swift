/// What a training run reports as it goes: after every step, and after every epoch with its test
/// Dice (binary networks) or mIoU (multi-class). `resumedFrom` is the epoch the run restarted after
/// (0 for a fresh start).
public struct TrainingProgress: Sendable, Equatable {
    /// The current epoch, 1-based.
    public var epoch: Int
    public var epochs: Int
    /// The step within the epoch, 1-based.
    public var step: Int
    public var stepsPerEpoch: Int
    /// The last step's training loss.
    public var loss: Double
    /// The epoch's test Dice (sigmoid > 0.5), set once the epoch is complete.
    public var dice: Double?
    /// The epoch's test mIoU (multi-class networks), set once the epoch is complete.
    public var miou: Double?
    public var resumedFrom: Int

    public init(
        epoch: Int, epochs: Int, step: Int, stepsPerEpoch: Int, loss: Double, dice: Double? = nil,
        miou: Double? = nil, resumedFrom: Int
    ) {
        self.epoch = epoch
        self.epochs = epochs
        self.step = step
        self.stepsPerEpoch = stepsPerEpoch
        self.loss = loss
        self.dice = dice
        self.miou = miou
        self.resumedFrom = resumedFrom
    }

    /// Whether this report closes an epoch (its test score is set).
    public var endsEpoch: Bool { dice != nil || miou != nil }
}
