/// Global average pooling (PyTorch `AdaptiveAvgPool2d(1)`), e.g. ASPP's image-pooling branch.
///
/// Layouts: input `[N, C, H, W]` → output `[N, C, 1, 1]`, each the mean of its `H·W` plane (summed in
/// the documented `Reduction` order, in Double, rounded once).
public enum GlobalAveragePooling {
    /// The per-plane means.
    public static func forward(_ input: Tensor) -> Tensor {
        let (n, c, h, w) = input.nchw("GlobalAveragePooling.forward")
        precondition(h * w > 0, "GlobalAveragePooling.forward: empty planes in \(input.shape)")
        let plane = h * w
        return Tensor.overwriting(shape: [n, c, 1, 1]) { out in
            input.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for index in 0..<(n * c) {
                    out[index] = Float(Reduction.sum(base + index * plane, count: plane) / Double(plane))
                }
            }
        }
    }

    /// Spreads each output gradient evenly over its plane: `dx = dy / (H·W)`, shape `inputShape`.
    public static func backward(gradOutput: Tensor, inputShape: [Int]) -> Tensor {
        precondition(
            inputShape.count == 4 && gradOutput.shape == [inputShape[0], inputShape[1], 1, 1],
            "GlobalAveragePooling.backward: gradOutput \(gradOutput.shape) for input \(inputShape)")
        let plane = inputShape[2] * inputShape[3]
        let scale = 1 / Float(plane)
        return Tensor.overwriting(shape: inputShape) { out in
            for index in 0..<gradOutput.count {
                let value = gradOutput.scalars[index] * scale
                for offset in (index * plane)..<((index + 1) * plane) {
                    out[offset] = value
                }
            }
        }
    }
}
