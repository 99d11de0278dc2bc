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
///
/// `appliesReLU` fuses a following ReLU into the same pass (`max(y, 0)`, NaN kept, as
/// `Activation.relu`), and `reluOutput` masks the incoming gradient the way `Activation.reluBackward`
/// does, inside the backward pass: the same values, bit for bit, as the two kernels one after the
/// other, with one pass over the activation saved in each direction.
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
        momentum: Float = 0.1, epsilon: Float = 1e-5, appliesReLU: Bool = false
    ) -> (output: Tensor, statistics: Statistics) {
        let (n, c, h, w) = input.nchw("BatchNormalization.forwardTraining")
        checkParameters(c, gamma, beta, runningMean, runningVariance)
        let plane = h * w
        let m = n * plane
        precondition(
            m >= 2, "BatchNormalization.forwardTraining: need ≥ 2 values per channel, input \(input.shape)")
        var mean = [Float](repeating: 0, count: c)
        var inverse = [Float](repeating: 0, count: c)
        var variances = [Double](repeating: 0, count: c)
        input.withUnsafeBufferPointer { buffer in
            mean.withUnsafeMutableBufferPointer { meanBuffer in
                variances.withUnsafeMutableBufferPointer { varianceBuffer in
                    guard let base = buffer.baseAddress, let means = meanBuffer.baseAddress,
                        let variance = varianceBuffer.baseAddress
                    else { return }
                    // Channels are independent: each is reduced by one thread, in image order.
                    ParallelLoop.forEachChunk(c, minimumPerChunk: max(1, Tensor.parallelElements / m)) {
                        channels in
                        for channel in channels {
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
                            means[channel] = channelMean
                            variance[channel] = squares / Double(m)
                        }
                    }
                }
            }
        }
        for channel in 0..<c {
            let variance = variances[channel]
            inverse[channel] = Float(1 / (variance + Double(epsilon)).squareRoot())
            let unbiased = Float(variance * Double(m) / Double(m - 1))
            runningMean[index: [channel]] =
                (1 - momentum) * runningMean[index: [channel]] + momentum * mean[channel]
            runningVariance[index: [channel]] =
                (1 - momentum) * runningVariance[index: [channel]] + momentum * unbiased
        }
        let output = normalise(
            input, gamma: gamma, beta: beta, mean: mean, inverseStandardDeviation: inverse, relu: appliesReLU)
        return (output, Statistics(mean: mean, inverseStandardDeviation: inverse))
    }

    /// Normalises with the running statistics (evaluation mode).
    public static func forwardInference(
        _ input: Tensor, gamma: Tensor, beta: Tensor, runningMean: Tensor, runningVariance: Tensor,
        epsilon: Float = 1e-5, appliesReLU: Bool = false
    ) -> Tensor {
        let (_, c, _, _) = input.nchw("BatchNormalization.forwardInference")
        checkParameters(c, gamma, beta, runningMean, runningVariance)
        let inverse = runningVariance.scalars.map { 1 / ($0 + epsilon).squareRoot() }
        return normalise(
            input, gamma: gamma, beta: beta, mean: runningMean.scalars, inverseStandardDeviation: inverse,
            relu: appliesReLU)
    }

    /// The gradients of `forwardTraining` (batch statistics depend on the input):
    /// `dx = gamma · invstd · (dy − mean(dy) − x̂ · mean(dy · x̂))` per channel, with `x̂ = (x − mean) · invstd`.
    public static func backwardTraining(
        gradOutput: Tensor, input: Tensor, gamma: Tensor, statistics: Statistics, reluOutput: Tensor? = nil
    ) -> Gradients {
        let (n, c, h, w) = input.nchw("BatchNormalization.backwardTraining")
        precondition(
            gradOutput.shape == input.shape && gamma.shape == [c] && statistics.mean.count == c
                && (reluOutput.map { $0.shape == input.shape } ?? true),
            "BatchNormalization.backwardTraining: gradOutput \(gradOutput.shape), input \(input.shape), "
                + "gamma \(gamma.shape), \(statistics.mean.count) channel statistics, "
                + "reluOutput \(reluOutput?.shape ?? [])")
        let plane = h * w
        let m = Double(n * plane)
        var gradGamma = [Float](repeating: 0, count: c)
        var gradBeta = [Float](repeating: 0, count: c)
        let gammaValues = gamma.scalars
        let mask = reluOutput ?? Tensor(zeros: [0])
        let gradInput = Tensor.overwriting(shape: input.shape) { gradIn in
            input.withUnsafeBufferPointer { xBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    mask.withUnsafeBufferPointer { maskBuffer in
                        gradGamma.withUnsafeMutableBufferPointer { gammaBuffer in
                            gradBeta.withUnsafeMutableBufferPointer { betaBuffer in
                                guard let x = xBuffer.baseAddress, let g = gBuffer.baseAddress,
                                    let dx = gradIn.baseAddress, let gradGamma = gammaBuffer.baseAddress,
                                    let gradBeta = betaBuffer.baseAddress
                                else { return }
                                let y = reluOutput == nil ? nil : maskBuffer.baseAddress
                                // Channels are independent: each is handled by one thread, in image order.
                                ParallelLoop.forEachChunk(
                                    c, minimumPerChunk: max(1, Tensor.parallelElements / Int(m))
                                ) { channels in
                                    Convolution2D.withScratch(count: y == nil ? 0 : plane) { scratch in
                                        for channel in channels {
                                            let (sumDy, sumDyXhat) = channelSums(
                                                g, x, y, scratch, channel: channel, images: n, channels: c,
                                                plane: plane, mean: statistics.mean[channel],
                                                inverse: statistics.inverseStandardDeviation[channel])
                                            gradBeta[channel] = Float(sumDy)
                                            gradGamma[channel] = Float(sumDyXhat)
                                            let mean = statistics.mean[channel]
                                            let inverse = statistics.inverseStandardDeviation[channel]
                                            let scale = gammaValues[channel] * inverse
                                            let meanDy = Float(sumDy / m)
                                            let meanDyXhat = Float(sumDyXhat / m)
                                            for image in 0..<n {
                                                let offset = (image * c + channel) * plane
                                                inputGradient(
                                                    g + offset, x + offset, y.map { $0 + offset },
                                                    into: dx + offset, count: plane,
                                                    mean: mean, inverse: inverse, scale: scale,
                                                    meanDy: meanDy, meanDyXhat: meanDyXhat)
                                            }
                                        }
                                    }
                                }
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

    /// `Σ dy` and `Σ dy · x̂` over one channel, in image order; with a ReLU output `y`, `dy` is first
    /// masked (`y > 0 ? dy : 0`) into `scratch` one plane at a time, so that the sums run over the same
    /// values, with the same kernels, as over `Activation.reluBackward`'s result.
    private static func channelSums(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>?,
        _ scratch: UnsafeMutablePointer<Float>?, channel: Int, images: Int, channels: Int, plane: Int,
        mean: Float, inverse: Float
    ) -> (sumDy: Double, sumDyXhat: Double) {
        var sumDy = 0.0
        var sumDyCentered = 0.0
        for image in 0..<images {
            let offset = (image * channels + channel) * plane
            var dy = g + offset
            if let y, let scratch {
                let (gradient, output) = (g + offset, y + offset)
                var index = 0
                while index + Lanes.width <= plane {
                    let masked = Lanes.reluMask(
                        Lanes.load(gradient, index), output: Lanes.load(output, index))
                    Lanes.store(masked, scratch, index)
                    index += Lanes.width
                }
                while index < plane {
                    scratch[index] = output[index] > 0 ? gradient[index] : 0
                    index += 1
                }
                dy = UnsafePointer(scratch)
            }
            sumDy += Reduction.sum(dy, count: plane)
            sumDyCentered += Reduction.dotCentered(dy, x + offset, count: plane, center: mean)
        }
        return (sumDy, sumDyCentered * Double(inverse))
    }

    /// `dx = scale · (dy − meanDy − x̂ · meanDyXhat)` with `x̂ = (x − mean) · inverse` over one plane,
    /// where `dy` is `g`, or `g` masked by the ReLU output `y` (`y > 0 ? g : 0`) when `y` is given.
    @inline(__always)
    private static func inputGradient(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>?,
        into dx: UnsafeMutablePointer<Float>, count: Int,
        mean: Float, inverse: Float, scale: Float, meanDy: Float, meanDyXhat: Float
    ) {
        let (means, inverses, scales) = (
            Lanes.Vector(repeating: mean), Lanes.Vector(repeating: inverse),
            Lanes.Vector(repeating: scale)
        )
        let (meanDys, meanDyXhats) = (Lanes.Vector(repeating: meanDy), Lanes.Vector(repeating: meanDyXhat))
        var index = 0
        while index + Lanes.width <= count {
            let xhat = (Lanes.load(x, index) - means) * inverses
            var dy = Lanes.load(g, index)
            if let y {
                dy = Lanes.reluMask(dy, output: Lanes.load(y, index))
            }
            Lanes.store(scales * (dy - meanDys - xhat * meanDyXhats), dx, index)
            index += Lanes.width
        }
        while index < count {
            let xhat = (x[index] - mean) * inverse
            let dy = y.map { $0[index] > 0 ? g[index] : 0 } ?? g[index]
            dx[index] = scale * (dy - meanDy - xhat * meanDyXhat)
            index += 1
        }
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

    /// `gamma_c · (x − mean_c) · inverse_c + beta_c` over an NCHW tensor, then `max(·, 0)` if `relu`.
    private static func normalise(
        _ input: Tensor, gamma: Tensor, beta: Tensor, mean: [Float],
        inverseStandardDeviation inverse: [Float],
        relu: Bool = false
    ) -> Tensor {
        let (n, c, h, w) = input.nchw()
        let plane = h * w
        let (gammaValues, betaValues) = (gamma.scalars, beta.scalars)
        return Tensor.overwriting(shape: input.shape) { out in
            input.withUnsafeBufferPointer { source in
                guard let x = source.baseAddress, let y = out.baseAddress else { return }
                // Planes (image, channel) are independent.
                ParallelLoop.forEachChunk(n * c, minimumPerChunk: max(1, Tensor.parallelElements / plane)) {
                    planes in
                    for planeIndex in planes {
                        let channel = planeIndex % c
                        let scale = gammaValues[channel] * inverse[channel]
                        let (center, shift) = (mean[channel], betaValues[channel])
                        let offset = planeIndex * plane
                        affine(
                            x + offset, into: y + offset, count: plane, center: center, scale: scale,
                            shift: shift, relu: relu)
                    }
                }
            }
        }
    }

    /// `y = (x − center) · scale + shift` over `count` values, then `max(y, 0)` (NaN kept) if `relu`.
    @inline(__always)
    private static func affine(
        _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int, center: Float,
        scale: Float, shift: Float, relu: Bool
    ) {
        let (centers, scales, shifts) = (
            Lanes.Vector(repeating: center), Lanes.Vector(repeating: scale),
            Lanes.Vector(repeating: shift)
        )
        let zeros = Lanes.Vector(repeating: 0)
        var index = 0
        while index + Lanes.width <= count {
            var value = (Lanes.load(x, index) - centers) * scales + shifts
            if relu {
                value.replace(with: zeros, where: value .< zeros)
            }
            Lanes.store(value, y, index)
            index += Lanes.width
        }
        while index < count {
            let value = (x[index] - center) * scale + shift
            y[index] = relu && value < 0 ? 0 : value
            index += 1
        }
    }

    static func checkParameters(
        _ channels: Int, _ gamma: Tensor, _ beta: Tensor, _ runningMean: Tensor, _ runningVariance: Tensor
    ) {
        precondition(
            gamma.shape == [channels] && beta.shape == [channels] && runningMean.shape == [channels]
                && runningVariance.shape == [channels],
            "BatchNormalization: \(channels) channels but gamma \(gamma.shape), beta \(beta.shape), "
                + "running mean \(runningMean.shape), running variance \(runningVariance.shape)")
    }
}
