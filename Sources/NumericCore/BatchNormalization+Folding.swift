extension BatchNormalization {
    /// Evaluation-mode batch norm folded into the convolution before it: with
    /// `scale_o = gamma_o / √(runningVariance_o + ε)`, the convolution with weight
    /// `W'[o, …] = W[o, …] · scale_o` and bias `b'_o = (b_o − runningMean_o) · scale_o + beta_o`
    /// gives `forwardInference(conv(x, W, b))` up to rounding (the products are formed in another
    /// order), with one pass over the activation less.
    ///
    /// - Parameters:
    ///   - weight: `[Cout, Cin, kh, kw]`; `bias`: `[Cout]` or nil (no bias).
    ///   - gamma, beta, runningMean, runningVariance: `[Cout]`.
    public static func foldedIntoConvolution(
        weight: Tensor, bias: Tensor?, gamma: Tensor, beta: Tensor, runningMean: Tensor,
        runningVariance: Tensor, epsilon: Float = 1e-5
    ) -> (weight: Tensor, bias: Tensor) {
        let (outChannels, _, _, _) = weight.nchw("BatchNormalization.foldedIntoConvolution weight")
        checkParameters(outChannels, gamma, beta, runningMean, runningVariance)
        if let bias {
            precondition(
                bias.shape == [outChannels],
                "BatchNormalization.foldedIntoConvolution: bias \(bias.shape) for \(outChannels) channels")
        }
        let (gammas, betas, means) = (gamma.scalars, beta.scalars, runningMean.scalars)
        let scales = (0..<outChannels).map {
            gammas[$0] / (runningVariance.scalars[$0] + epsilon).squareRoot()
        }
        let biases = bias?.scalars ?? [Float](repeating: 0, count: outChannels)
        let perChannel = weight.count / outChannels
        var folded = weight
        folded.withUnsafeMutableBufferPointer { values in
            for channel in 0..<outChannels {
                for index in (channel * perChannel)..<((channel + 1) * perChannel) {
                    values[index] *= scales[channel]
                }
            }
        }
        let foldedBias = (0..<outChannels).map { (biases[$0] - means[$0]) * scales[$0] + betas[$0] }
        return (folded, Tensor(shape: [outChannels], scalars: foldedBias))
    }
}
