public import NumericCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension Tape {
    /// Binary cross-entropy on logits, averaged over the pixels that count (PyTorch
    /// `BCEWithLogitsLoss(reduction: "mean")` restricted to a mask).
    ///
    /// Per element, with logit `z` and target `y ∈ [0, 1]`:
    /// `ℓ = max(z, 0) − z·y + log(1 + e^(−|z|))` (the overflow-free form of
    /// `−y·log σ(z) − (1 − y)·log(1 − σ(z))`). The loss is `Σ m·ℓ / Σ m` over a mask `m ∈ {0, 1}`
    /// (0 = ignore label; `nil` = every element counts), and 0 when no element counts.
    /// Gradient: `m · (σ(z) − y) / Σ m`.
    ///
    /// - Parameters:
    ///   - logits: any shape, typically `[N, 1, H, W]`.
    ///   - targets: the same shape; no gradient flows into it.
    ///   - mask: the same shape, or `nil`.
    /// - Returns: a scalar variable of shape `[]`.
    public func binaryCrossEntropyWithLogits(_ logits: Variable, targets: Tensor, mask: Tensor? = nil)
        -> Variable
    {
        let z = logits.value
        precondition(
            targets.shape == z.shape && (mask?.shape ?? z.shape) == z.shape,
            "Tape.binaryCrossEntropyWithLogits: logits \(z.shape), targets \(targets.shape), "
                + "mask \(mask?.shape.description ?? "nil")")
        let weights = mask ?? Tensor(repeating: 1, shape: z.shape)
        let counted = weights.sum()
        // The weighted terms are computed in parallel (each alone), then summed in index order.
        let terms = BinaryCrossEntropy.weightedTerms(logits: z, targets: targets, weights: weights)
        var total = 0.0
        for index in 0..<z.count where weights.scalars[index] != 0 {
            total += terms[index]
        }
        let loss = counted > 0 ? total / counted : 0
        let scale = counted > 0 ? Float(1 / counted) : 0
        return record(Tensor(shape: [], scalars: [Float(loss)]), inputs: [logits]) { gradient, _ in
            var result = Activation.sigmoid(z) - targets
            result *= weights
            result *= scale * gradient.scalars[0]
            return [result]
        }
    }
}
