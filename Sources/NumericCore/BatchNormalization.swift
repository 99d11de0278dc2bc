/// Batch normalisation over the channels of NCHW tensors (PyTorch `BatchNorm2d`).
///
/// Layouts: input and output `[N, C, H, W]`; `gamma`, `beta`, running mean and running variance `[C]`.
/// Statistics are per channel over `M = N·H·W` values.
///
/// - Training: `mean_c` and the biased variance `var_c = Σ (x − mean_c)² / M` (two passes, Double
///   accumulation); `y = gamma_c · (x − mean_c) / sqrt(var_c + ε) + beta_c`. The running statistics
///   become `(1 − momentum) · running + momentum · batch`, using the unbiased variance
///   `var_c · M / (M − 1)` for the running variance, as PyTorch does.
/// - Inference: the same formula with the running mean and variance.
/// Defaults: `momentum = 0.1`, `ε = 1e-5` (PyTorch's).
public enum BatchNormalization {
    /// Batch statistics kept by `forwardTraining` for `backwardTraining`.
    public struct Statistics: Sendable {
        /// Per-channel batch mean, `[C]`.
        public var mean: [Float]
        /// Per-channel `1 / sqrt(var + ε)` of the biased batch variance, `[C]`.
        public var inverseStandardDeviation: [Float]
    }

    /// The gradients of a loss with respect to the input and the affine parameters.
    public struct Gradients: Sendable {
        /// `[N, C, H, W]`.
        public var input: Tensor
        /// `[C]`: `Σ dy · x̂` per channel.
        public var gamma: Tensor
        /// `[C]`: `Σ dy` per channel.
        public var beta: Tensor
    }

    /// Normalises with batch statistics and updates the running statistics in place.
    ///
    /// - Precondition: `M = N·H·W ≥ 2` (the unbiased running variance needs it); parameter shapes `[C]`.
    /// - Returns: the output `[N, C, H, W]` and the statistics `backwardTraining` needs.
    public static func forwardTraining(
        _ input: Tensor, gamma: Tensor, beta: Tensor, runningMean: inout Tensor,
        runningVariance: inout Tensor,
        momentum: Float = 0.1, epsilon: Float = 1e-5
    ) -> (output: Tensor, statistics: Statistics) {
        let (n, c, h, w) = input.nchw("BatchNormalization.forwardTraining")
        checkParameters(c, gamma, beta, runningMean, runningVariance)
        let plane = h * w
        let m = n * plane
        precondition(
            m >= 2, "BatchNormalization.forwardTraining: need ≥ 2 values per channel, input \(input.shape)")
        var mean = [Float](repeating: 0, count: c)
        var inverse = [Float](repeating: 0, count: c)
        input.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for channel in 0..<c {
                var total = 0.0
                for image in 0..<n {
                    total += Reduction.sum(base + (image * c + channel) * plane, count: plane)
                }
                let channelMean = Float(total / Double(m))
                var squares = 0.0
                for image in 0..<n {
                    squares += Reduction.sumOfSquaredDeviations(
                        base + (image * c + channel) * plane, count: plane, center: channelMean)
                }
                let variance = squares / Double(m)
                mean[channel] = channelMean
                inverse[channel] = Float(1 / (variance + Double(epsilon)).squareRoot())
                let unbiased = Float(variance * Double(m) / Double(m - 1))
                runningMean[index: [channel]] =
                    (1 - momentum) * runningMean[index: [channel]] + momentum * channelMean
                runningVariance[index: [channel]] =
                    (1 - momentum) * runningVariance[index: [channel]] + momentum * unbiased
            }
        }
        let output = normalise(input, gamma: gamma, beta: beta, mean: mean, inverseStandardDeviation: inverse)
        return (output, Statistics(mean: mean, inverseStandardDeviation: inverse))
    }

    /// Normalises with the running statistics (evaluation mode).
    public static func forwardInference(
        _ input: Tensor, gamma: Tensor, beta: Tensor, runningMean: Tensor, runningVariance: Tensor,
        epsilon: Float = 1e-5
    ) -> Tensor {
        let (_, c, _, _) = input.nchw("BatchNormalization.forwardInference")
        checkParameters(c, gamma, beta, runningMean, runningVariance)
        let inverse = runningVariance.scalars.map { 1 / ($0 + epsilon).squareRoot() }
        return normalise(
            input, gamma: gamma, beta: beta, mean: runningMean.scalars, inverseStandardDeviation: inverse)
    }

    /// The gradients of `forwardTraining` (batch statistics depend on the input):
    /// `dx = gamma · invstd · (dy − mean(dy) − x̂ · mean(dy · x̂))` per channel, with `x̂ = (x − mean) · invstd`.
    public static func backwardTraining(
        gradOutput: Tensor, input: Tensor, gamma: Tensor, statistics: Statistics
    ) -> Gradients {
        let (n, c, h, w) = input.nchw("BatchNormalization.backwardTraining")
        precondition(
            gradOutput.shape == input.shape && gamma.shape == [c] && statistics.mean.count == c,
            "BatchNormalization.backwardTraining: gradOutput \(gradOutput.shape), input \(input.shape), "
                + "gamma \(gamma.shape), \(statistics.mean.count) channel statistics")
        let plane = h * w
        let m = Double(n * plane)
        var gradGamma = [Float](repeating: 0, count: c)
        var gradBeta = [Float](repeating: 0, count: c)
        let gradInput = Tensor.overwriting(shape: input.shape) { gradIn in
            input.withUnsafeBufferPointer { xBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    guard let x = xBuffer.baseAddress, let g = gBuffer.baseAddress,
                        let dx = gradIn.baseAddress
                    else { return }
                    for channel in 0..<c {
                        let mean = statistics.mean[channel]
                        let inverse = statistics.inverseStandardDeviation[channel]
                        var sumDy = 0.0
                        var sumDyCentered = 0.0
                        for image in 0..<n {
                            let offset = (image * c + channel) * plane
                            sumDy += Reduction.sum(g + offset, count: plane)
                            sumDyCentered += Reduction.dotCentered(
                                g + offset, x + offset, count: plane, center: mean)
                        }
                        let sumDyXhat = sumDyCentered * Double(inverse)
                        gradBeta[channel] = Float(sumDy)
                        gradGamma[channel] = Float(sumDyXhat)
                        let scale = gamma.scalars[channel] * inverse
                        let meanDy = Float(sumDy / m)
                        let meanDyXhat = Float(sumDyXhat / m)
                        for image in 0..<n {
                            let offset = (image * c + channel) * plane
                            for index in offset..<(offset + plane) {
                                let xhat = (x[index] - mean) * inverse
                                dx[index] = scale * (g[index] - meanDy - xhat * meanDyXhat)
                            }
                        }
                    }
                }
            }
        }
        return Gradients(
            input: gradInput, gamma: Tensor(shape: [c], scalars: gradGamma),
            beta: Tensor(shape: [c], scalars: gradBeta))
    }

    /// The gradients of `forwardInference` (running statistics are constants):
    /// `dx = gamma · dy / sqrt(running_var + ε)`.
    public static func backwardInference(
        gradOutput: Tensor, input: Tensor, gamma: Tensor, runningMean: Tensor, runningVariance: Tensor,
        epsilon: Float = 1e-5
    ) -> Gradients {
        let (_, c, _, _) = input.nchw("BatchNormalization.backwardInference")
        checkParameters(c, gamma, gamma, runningMean, runningVariance)
        precondition(
            gradOutput.shape == input.shape,
            "BatchNormalization.backwardInference: gradOutput \(gradOutput.shape), input \(input.shape)")
        let inverse = runningVariance.scalars.map { 1 / ($0 + epsilon).squareRoot() }
        let xhat = normalise(
            input, gamma: Tensor(repeating: 1, shape: [c]), beta: Tensor(zeros: [c]),
            mean: runningMean.scalars,
            inverseStandardDeviation: inverse)
        let gradInput = normalise(
            gradOutput, gamma: gamma, beta: Tensor(zeros: [c]), mean: [Float](repeating: 0, count: c),
            inverseStandardDeviation: inverse)
        return Gradients(
            input: gradInput, gamma: (gradOutput * xhat).sumPerChannel(), beta: gradOutput.sumPerChannel())
    }

    /// `gamma_c · (x − mean_c) · inverse_c + beta_c` over an NCHW tensor.
    private static func normalise(
        _ input: Tensor, gamma: Tensor, beta: Tensor, mean: [Float], inverseStandardDeviation inverse: [Float]
    ) -> Tensor {
        let (n, c, h, w) = input.nchw()
        let plane = h * w
        return Tensor.overwriting(shape: input.shape) { out in
            input.withUnsafeBufferPointer { source in
                guard let x = source.baseAddress, let y = out.baseAddress else { return }
                for image in 0..<n {
                    for channel in 0..<c {
                        let scale = gamma.scalars[channel] * inverse[channel]
                        let (center, shift) = (mean[channel], beta.scalars[channel])
                        let offset = (image * c + channel) * plane
                        for index in offset..<(offset + plane) {
                            y[index] = (x[index] - center) * scale + shift
                        }
                    }
                }
            }
        }
    }

    private static func checkParameters(
        _ channels: Int, _ gamma: Tensor, _ beta: Tensor, _ runningMean: Tensor, _ runningVariance: Tensor
    ) {
        precondition(
            gamma.shape == [channels] && beta.shape == [channels] && runningMean.shape == [channels]
                && runningVariance.shape == [channels],
            "BatchNormalization: \(channels) channels but gamma \(gamma.shape), beta \(beta.shape), "
                + "running mean \(runningMean.shape), running variance \(runningVariance.shape)")
    }
}
