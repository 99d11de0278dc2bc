public import NumericCore

/// Stochastic gradient descent with momentum and L2 weight decay, as PyTorch's `torch.optim.SGD`
/// (dampening 0, not Nesterov):
///
///     g = gradient + weightDecay · value
///     v = g                      on a parameter's first step
///     v = momentum · v + g       afterwards
///     value −= learningRate · v
///
/// The velocity `v` is kept per parameter, keyed by the parameter's identity. Parameters whose
/// gradient is `nil` are skipped (and their velocity is left unchanged).
public final class SGD {
    /// The step size; schedules change it between steps.
    public var learningRate: Float
    /// The momentum factor (0 = plain SGD).
    public let momentum: Float
    /// The L2 penalty factor added to every gradient.
    public let weightDecay: Float

    /// Velocity per parameter. The parameter is kept alongside so that its identity cannot be reused
    /// by another object while the state exists.
    private var velocities: [ObjectIdentifier: (parameter: Parameter, velocity: Tensor)] = [:]

    /// Creates an optimizer; the official training uses `learningRate: 0.05, momentum: 0.9,
    /// weightDecay: 1e-3`.
    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        precondition(
            learningRate >= 0 && momentum >= 0 && weightDecay >= 0,
            "SGD: need non-negative settings, got lr=\(learningRate) momentum=\(momentum) weightDecay=\(weightDecay)"
        )
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// Updates every parameter from its accumulated gradient.
    public func step(_ parameters: [Parameter]) {
        for parameter in parameters {
            guard let gradient = parameter.gradient else { continue }
            var g = gradient
            if weightDecay != 0 {
                g.addProduct(parameter.value, scaledBy: weightDecay)
            }
            let key = ObjectIdentifier(parameter)
            if momentum != 0 {
                if var state = velocities.removeValue(forKey: key)?.velocity {
                    state *= momentum
                    state += g
                    g = state
                }
                velocities[key] = (parameter, g)
            }
            parameter.value.addProduct(g, scaledBy: -learningRate)
        }
    }

    /// Clears the accumulated gradients of `parameters`.
    public func zeroGradients(_ parameters: [Parameter]) {
        for parameter in parameters {
            parameter.zeroGradient()
        }
    }

    /// The velocity kept for `parameter`, or `nil` before its first step (for checkpoints and tests).
    public func velocity(of parameter: Parameter) -> Tensor? {
        velocities[ObjectIdentifier(parameter)]?.velocity
    }

    /// Restores the velocity of `parameter` from a checkpoint (`nil` forgets it).
    ///
    /// - Precondition: the velocity has the parameter's shape.
    public func setVelocity(_ velocity: Tensor?, for parameter: Parameter) {
        guard let velocity else {
            velocities[ObjectIdentifier(parameter)] = nil
            return
        }
        precondition(
            velocity.shape == parameter.value.shape,
            "SGD.setVelocity: shape \(velocity.shape) for parameter \(parameter.name) of shape \(parameter.value.shape)"
        )
        velocities[ObjectIdentifier(parameter)] = (parameter, velocity)
    }
}
