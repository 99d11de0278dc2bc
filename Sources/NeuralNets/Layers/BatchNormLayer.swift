internal import NumericCore
public import RandomStreams

/// Batch normalisation over channels (PyTorch `BatchNorm2d`): input and output `[N, C, H, W]`.
///
/// On a training tape it normalises with batch statistics and updates the running mean and variance
/// (momentum 0.1, unbiased variance, at forward time as PyTorch does); on an evaluation tape it uses the
/// running statistics. Weight (gamma) `[C]` drawn as `Initialization` says (officially `N(1, 0.02)`),
/// bias (beta) `[C]` zero, running mean 0 and variance 1, ε = 1e-5. Parameters in order: weight, bias;
/// buffers: running mean, running variance.
public final class BatchNormLayer: UnaryLayer {
    /// Gamma, `[C]`.
    public let weight: Parameter
    /// Beta, `[C]`.
    public let bias: Parameter
    /// Running mean, `[C]` (state, not a parameter).
    public let runningMean: Buffer
    /// Running (unbiased) variance, `[C]` (state, not a parameter).
    public let runningVariance: Buffer
    /// Weight of the newest batch in the running averages.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float

    /// Creates the layer, drawing gamma from `generator`.
    public init(
        name: String = "bn", channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5,
        initialization: Initialization = .official, generator: inout RandomStream
    ) {
        precondition(channels >= 1, "BatchNormLayer \(name): need at least one channel, got \(channels)")
        weight = Parameter(
            name: name + ".weight",
            value: initialization.batchNormWeight(count: channels, generator: &generator))
        bias = Parameter(name: name + ".bias", value: Tensor(zeros: [channels]))
        runningMean = Buffer(name: name + ".running_mean", value: Tensor(zeros: [channels]))
        runningVariance = Buffer(name: name + ".running_var", value: Tensor(repeating: 1, shape: [channels]))
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// Running mean, running variance.
    public var buffers: [Buffer] { [runningMean, runningVariance] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        callAsFunction(input, on: tape, relu: false)
    }

    /// Batch norm followed, if `relu`, by ReLU in the same pass (`BatchNormalization`'s fused
    /// kernels): the values and gradients of `tape.relu(norm(x))`, bit for bit, with one pass over
    /// the activation less in each direction.
    public func callAsFunction(_ input: Variable, on tape: Tape, relu: Bool) -> Variable {
        let gamma = tape.parameter(weight)
        let beta = tape.parameter(bias)
        let inputValue = input.value
        let gammaValue = gamma.value
        if tape.isTraining {
            let (output, statistics) = BatchNormalization.forwardTraining(
                inputValue, gamma: gammaValue, beta: beta.value, runningMean: &runningMean.value,
                runningVariance: &runningVariance.value, momentum: momentum, epsilon: epsilon,
                appliesReLU: relu)
            return tape.record(output, inputs: [input, gamma, beta]) { gradient, _ in
                let gradients = BatchNormalization.backwardTraining(
                    gradOutput: gradient, input: inputValue, gamma: gammaValue, statistics: statistics,
                    reluOutput: relu ? output : nil)
                return [gradients.input, gradients.gamma, gradients.beta]
            }
        }
        let (mean, variance, epsilon) = (runningMean.value, runningVariance.value, epsilon)
        let output = BatchNormalization.forwardInference(
            inputValue, gamma: gammaValue, beta: beta.value, runningMean: mean, runningVariance: variance,
            epsilon: epsilon, appliesReLU: relu)
        return tape.record(output, inputs: [input, gamma, beta]) { gradient, _ in
            let masked = relu ? Activation.reluBackward(gradOutput: gradient, input: output) : gradient
            let gradients = BatchNormalization.backwardInference(
                gradOutput: masked, input: inputValue, gamma: gammaValue, runningMean: mean,
                runningVariance: variance, epsilon: epsilon)
            return [gradients.input, gradients.gamma, gradients.beta]
        }
    }
}

extension BatchNormLayer {
    /// `self(conv(input), relu:)` on an inference tape, with the running statistics folded into the
    /// convolution's weight and bias (`BatchNormalization.foldedIntoConvolution`) and the bias and
    /// ReLU applied inside the convolution: one pass over the activation instead of three; a 3×3
    /// convolution that `Winograd3x3.applies` to runs by Winograd. Equal to the unfolded evaluation
    /// up to rounding. Elsewhere (training or differentiable evaluation
    /// tapes) it is the unfolded composition. A tape that reuses `InferenceWeights` folds and
    /// transforms once per pass.
    public func afterConvolution(_ conv: ConvolutionLayer, _ input: Variable, on tape: Tape, relu: Bool)
        -> Variable
    {
        guard !tape.recordsGradients else {
            return self(conv(input, on: tape), on: tape, relu: relu)
        }
        let pair = InferenceWeights.Pair(
            batchNorm: ObjectIdentifier(self), convolution: ObjectIdentifier(conv))
        let fold = {
            let folded = BatchNormalization.foldedIntoConvolution(
                weight: conv.weight.value, bias: conv.bias?.value, gamma: self.weight.value,
                beta: self.bias.value, runningMean: self.runningMean.value,
                runningVariance: self.runningVariance.value, epsilon: self.epsilon)
            return InferenceWeights.Folded(weight: folded.weight, bias: folded.bias)
        }
        let folded = tape.inferenceWeights?.folded(pair, fold) ?? fold()
        let output: Tensor
        if Winograd3x3.applies(
            to: conv.convolution, weightShape: folded.weight.shape, inputShape: input.shape)
        {
            let transform = { Winograd3x3.transformedWeight(folded.weight) }
            output = Winograd3x3.forward(
                input.value,
                transformedWeight: tape.inferenceWeights?.transformed(pair, transform) ?? transform(),
                outChannels: folded.weight.shape[0], bias: folded.bias.scalars, appliesReLU: relu)
        } else {
            output = conv.convolution.forward(
                input.value, weight: folded.weight, bias: folded.bias, appliesReLU: relu)
        }
        tape.countConvolution(output: output, weightShape: folded.weight.shape)
        return tape.constant(output)
    }
}
