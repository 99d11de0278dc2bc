public import NumericCore

/// Adam (Kingma and Ba 2015) as PyTorch's `torch.optim.Adam` (L2 weight decay added to the gradient,
/// not decoupled; no AMSGrad):
///
///     g = gradient + weightDecay · value
///     m = β1·m + (1 − β1)·g,   v = β2·v + (1 − β2)·g²      (m, v start at 0)
///     value −= learningRate · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
///
/// with `t` the parameter's step count starting at 1. State (m, v, t) is kept per parameter, keyed by
/// identity; parameters whose gradient is `nil` are skipped. Defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8.
public final class Adam {
    /// The step size; schedules change it between steps.
    public var learningRate: Float
    /// Decay of the first-moment average.
    public let beta1: Float
    /// Decay of the second-moment average.
    public let beta2: Float
    /// Added to the denominator.
    public let epsilon: Float
    /// The L2 penalty factor added to every gradient.
    public let weightDecay: Float

    private struct State {
        var parameter: Parameter
        var firstMoment: Tensor
        var secondMoment: Tensor
        var steps: Int
        /// β1^t and β2^t, by repeated multiplication in Double.
        var beta1Power: Double
        var beta2Power: Double
    }

    private var states: [ObjectIdentifier: State] = [:]

    /// Creates an optimizer.
    public init(
        learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) {
        precondition(
            learningRate >= 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0
                && weightDecay >= 0,
            "Adam: invalid settings lr=\(learningRate) beta1=\(beta1) beta2=\(beta2) epsilon=\(epsilon) "
                + "weightDecay=\(weightDecay)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Updates every parameter from its accumulated gradient.
    public func step(_ parameters: [Parameter]) {
        for parameter in parameters {
            guard var g = parameter.gradient else { continue }
            if weightDecay != 0 {
                g.addProduct(parameter.value, scaledBy: weightDecay)
            }
            let key = ObjectIdentifier(parameter)
            var state =
                states.removeValue(forKey: key)
                ?? State(
                    parameter: parameter, firstMoment: Tensor(zeros: g.shape),
                    secondMoment: Tensor(zeros: g.shape),
                    steps: 0, beta1Power: 1, beta2Power: 1)
            state.steps += 1
            state.beta1Power *= Double(beta1)
            state.beta2Power *= Double(beta2)
            state.firstMoment *= beta1
            state.firstMoment.addProduct(g, scaledBy: 1 - beta1)
            state.secondMoment *= beta2
            state.secondMoment.addProduct(g.squared(), scaledBy: 1 - beta2)
            let correction1 = Float(1 - state.beta1Power)
            let correction2 = Float(1 - state.beta2Power)
            let (m, v, lr, eps) = (state.firstMoment, state.secondMoment, learningRate, epsilon)
            parameter.value.withUnsafeMutableBufferPointer { value in
                m.withUnsafeBufferPointer { mb in
                    v.withUnsafeBufferPointer { vb in
                        for index in 0..<value.count {
                            let denominator = (vb[index] / correction2).squareRoot() + eps
                            value[index] -= lr * (mb[index] / correction1) / denominator
                        }
                    }
                }
            }
            states[key] = state
        }
    }

    /// Clears the accumulated gradients of `parameters`.
    public func zeroGradients(_ parameters: [Parameter]) {
        for parameter in parameters {
            parameter.zeroGradient()
        }
    }

    /// The number of steps taken for `parameter` (0 before its first).
    public func stepCount(of parameter: Parameter) -> Int {
        states[ObjectIdentifier(parameter)]?.steps ?? 0
    }

    /// The moment estimates and step count of `parameter`, or `nil` before its first step (for
    /// checkpoints).
    public func moments(of parameter: Parameter) -> (first: Tensor, second: Tensor, steps: Int)? {
        states[ObjectIdentifier(parameter)].map { ($0.firstMoment, $0.secondMoment, $0.steps) }
    }

    /// Restores the moment estimates and step count of `parameter` from a checkpoint.
    ///
    /// - Precondition: both moments have the parameter's shape and `steps ≥ 1`.
    public func setMoments(first: Tensor, second: Tensor, steps: Int, for parameter: Parameter) {
        precondition(
            first.shape == parameter.value.shape && second.shape == parameter.value.shape && steps >= 1,
            "Adam.setMoments: shapes \(first.shape), \(second.shape), steps \(steps) for parameter "
                + "\(parameter.name) of shape \(parameter.value.shape)")
        var beta1Power = 1.0
        var beta2Power = 1.0
        for _ in 0..<steps {
            beta1Power *= Double(beta1)
            beta2Power *= Double(beta2)
        }
        states[ObjectIdentifier(parameter)] = State(
            parameter: parameter, firstMoment: first, secondMoment: second, steps: steps,
            beta1Power: beta1Power,
            beta2Power: beta2Power)
    }
}
