/// A step schedule (PyTorch `StepLR`): the learning rate for epoch `e` (0-based) is
/// `base · γ^⌊e / stepSize⌋`, computed in Double by repeated multiplication as PyTorch's chainable form
/// does (`lr = lr · γ` at each decay); optimizers take `Float(rate(epoch:))`. The official training uses
/// base 0.05, γ = 0.1, step size 20.
public struct StepLearningRate: Sendable, Equatable {
    /// The rate at epoch 0.
    public var base: Double
    /// The factor applied every `stepSize` epochs.
    public var gamma: Double
    /// Epochs between decays (≥ 1).
    public var stepSize: Int

    /// Creates a schedule.
    public init(base: Double, gamma: Double, stepSize: Int) {
        precondition(stepSize >= 1, "StepLearningRate: step size must be ≥ 1, got \(stepSize)")
        self.base = base
        self.gamma = gamma
        self.stepSize = stepSize
    }

    /// The learning rate for `epoch` (0-based).
    public func rate(epoch: Int) -> Double {
        precondition(epoch >= 0, "StepLearningRate: negative epoch \(epoch)")
        var rate = base
        for _ in 0..<(epoch / stepSize) {
            rate *= gamma
        }
        return rate
    }
}
