public import NumericCore
public import RandomStreams

/// A record of one forward pass for reverse-mode differentiation.
///
/// Every operation appends a node holding its inputs and a closure that maps the gradient of its
/// output to the gradients of its inputs. `backward(from:)` walks the nodes in reverse order,
/// accumulates gradients, and adds the gradients of parameter leaves to `Parameter.gradient`.
///
/// A tape is used for one forward and at most one backward pass. `isTraining` selects the behaviour
/// of mode-dependent layers (batch normalisation: batch statistics and running-average updates in
/// training, running statistics in evaluation).
///
/// An inference tape (`Tape.inference()`, PyTorch's `torch.no_grad()`) records no backward closures:
/// nothing requires a gradient, so each intermediate tensor is freed as soon as the forward pass has
/// used it, and `backward(from:)` may not be called. Forward values are an evaluation tape's up to
/// rounding: batch norm after a convolution is folded into it (`BatchNormLayer.afterConvolution`), 3×3
/// convolutions of 32 or more input channels run by Winograd (`Winograd3x3`), and max-pooling keeps
/// no argmax.
public final class Tape {
    /// Whether mode-dependent layers run in training mode.
    public let isTraining: Bool
    /// Whether operations keep what their backward pass needs (false on an inference tape).
    public let recordsGradients: Bool

    /// The random stream of stochastic layers (dropout) on a training tape, e.g. the run's
    /// `"dropout"` stream advanced across steps; `nil` when the forward pass draws nothing.
    public var random: RandomStream?

    /// The multiply-adds of the convolutions recorded so far (output elements × the weights each
    /// one reads), the nominal count whatever algorithm computed them: what a cost estimate turns
    /// into time (`msdb reproduce --dry-run`). Counted, never timed.
    public internal(set) var multiplyAdds = 0

    /// For each node: its input nodes, its backward closure (nil for leaves and for nodes that need no
    /// gradient), and whether a gradient must flow into it.
    private var inputs: [[Int]] = []
    private var backwards: [(((Tensor, [Bool]) -> [Tensor?]))?] = []
    private var requiresGradient: [Bool] = []
    private var parameters: [Int: Parameter] = [:]
    private var gradients: [Int: Tensor] = [:]
    private var hasRunBackward = false

    /// Creates an empty tape; `random` feeds stochastic layers in training mode.
    public init(training: Bool, random: RandomStream? = nil) {
        isTraining = training
        recordsGradients = true
        self.random = random
        inferenceWeights = nil
    }

    private init(inferenceReusing weights: InferenceWeights?) {
        isTraining = false
        recordsGradients = false
        random = nil
        inferenceWeights = weights
    }

    /// A tape for a forward pass in evaluation mode that will never be differentiated. Passes over
    /// several images with unchanged parameters share one `weights`, so that folded and transformed
    /// convolution weights are derived once per pass instead of once per image.
    public static func inference(reusing weights: InferenceWeights? = nil) -> Tape {
        Tape(inferenceReusing: weights)
    }

    /// The derived weights this inference tape shares with the other images of its pass, if any.
    let inferenceWeights: InferenceWeights?

    /// A leaf that needs no gradient (an input image, a label).
    public func constant(_ value: Tensor) -> Variable {
        appendNode(value: value, inputs: [], requiresGradient: false, backward: nil)
    }

    /// A leaf that tracks gradients but belongs to no parameter (for gradient checks of inputs).
    public func variable(_ value: Tensor) -> Variable {
        precondition(recordsGradients, "Tape.variable: an inference tape tracks no gradients")
        return appendNode(value: value, inputs: [], requiresGradient: true, backward: nil)
    }

    /// A leaf for a parameter's current value; `backward(from:)` adds its gradient to the parameter.
    public func parameter(_ parameter: Parameter) -> Variable {
        guard recordsGradients else {
            return appendNode(value: parameter.value, inputs: [], requiresGradient: false, backward: nil)
        }
        let variable = appendNode(value: parameter.value, inputs: [], requiresGradient: true, backward: nil)
        parameters[variable.node] = parameter
        return variable
    }

    /// Records an operation.
    ///
    /// - Parameters:
    ///   - value: the operation's output.
    ///   - inputs: the variables it read.
    ///   - backward: given the gradient of the output (shaped like `value`) and, per input, whether
    ///     that input needs a gradient, returns one gradient per input (shaped like it), or `nil` for
    ///     inputs that need none.
    public func record(
        _ value: Tensor, inputs: [Variable], backward: @escaping (Tensor, [Bool]) -> [Tensor?]
    ) -> Variable {
        for input in inputs {
            precondition(input.tape === self, "Tape.record: a variable from another tape")
        }
        let needs = inputs.contains { requiresGradient[$0.node] }
        return appendNode(
            value: value, inputs: inputs.map(\.node), requiresGradient: needs,
            backward: needs ? backward : nil)
    }

    /// Back-propagates from `loss` (a single scalar, any shape with one element), seeding its gradient
    /// with 1, and adds the gradient of every parameter leaf to `Parameter.gradient`.
    ///
    /// - Precondition: `loss` has exactly one element; called at most once per tape.
    public func backward(from loss: Variable) {
        precondition(loss.tape === self, "Tape.backward: the loss comes from another tape")
        precondition(loss.value.count == 1, "Tape.backward: loss must be a scalar, got shape \(loss.shape)")
        precondition(!hasRunBackward, "Tape.backward: this tape has already been differentiated")
        precondition(recordsGradients, "Tape.backward: an inference tape cannot be differentiated")
        hasRunBackward = true
        gradients[loss.node] = Tensor(repeating: 1, shape: loss.shape)
        for node in stride(from: loss.node, through: 0, by: -1) {
            guard let gradient = gradients[node] else { continue }
            if let parameter = parameters[node] {
                parameter.accumulateGradient(gradient)
            }
            guard let backward = backwards[node] else { continue }
            let nodeInputs = inputs[node]
            let needs = nodeInputs.map { requiresGradient[$0] }
            let inputGradients = backward(gradient, needs)
            precondition(
                inputGradients.count == nodeInputs.count,
                "Tape.backward: node \(node) returned \(inputGradients.count) gradients for \(nodeInputs.count) inputs"
            )
            for (input, inputGradient) in zip(nodeInputs, inputGradients) where requiresGradient[input] {
                guard let inputGradient else { continue }
                if gradients[input] == nil {
                    gradients[input] = inputGradient
                } else {
                    gradients[input]? += inputGradient
                }
            }
            // Free what this node held as soon as it has been used.
            backwards[node] = nil
            if parameters[node] == nil && !inputs[node].isEmpty {
                gradients[node] = nil
            }
        }
    }

    /// The gradient of the loss with respect to a leaf created by `variable(_:)` or `parameter(_:)`,
    /// available after `backward(from:)`; `nil` if the loss does not depend on it.
    public func gradient(of variable: Variable) -> Tensor? {
        precondition(variable.tape === self, "Tape.gradient: a variable from another tape")
        return gradients[variable.node]
    }

    private func appendNode(
        value: Tensor, inputs nodeInputs: [Int], requiresGradient needs: Bool,
        backward: ((Tensor, [Bool]) -> [Tensor?])?
    ) -> Variable {
        precondition(!hasRunBackward, "Tape: cannot record after backward")
        inputs.append(nodeInputs)
        backwards.append(backward)
        requiresGradient.append(needs)
        return Variable(value: value, node: inputs.count - 1, tape: self)
    }
}
