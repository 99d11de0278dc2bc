/// 2×2 max-pooling with stride 2 (PyTorch `MaxPool2d(2)`, no padding, `ceil_mode: false`).
///
/// Layouts: input `[N, C, H, W]` (NCHW) → output `[N, C, ⌊H/2⌋, ⌊W/2⌋]`. An odd last row or column
/// is dropped. Within each window the first maximum in row-major order wins (ties go to the top-left);
/// NaN propagates as in PyTorch (a NaN replaces the running maximum, so the last NaN wins).
public enum MaxPool2x2 {
    /// The output shape `[N, C, ⌊H/2⌋, ⌊W/2⌋]` for an input shape `[N, C, H, W]`.
    public static func outputShape(input: [Int]) -> [Int] {
        precondition(input.count == 4, "MaxPool2x2: expected an NCHW shape, got \(input)")
        return [input[0], input[1], input[2] / 2, input[3] / 2]
    }

    /// Pools `input` and records the argmax of every window.
    ///
    /// - Precondition: the input has fewer than 2³¹ scalars (offsets are stored as `Int32`).
    public static func forward(_ input: Tensor) -> MaxPoolResult {
        let (n, c, h, w) = input.nchw("MaxPool2x2.forward")
        precondition(input.count <= Int(Int32.max), "MaxPool2x2.forward: input \(input.shape) too large")
        let (outH, outW) = (h / 2, w / 2)
        var argmax = [Int32](repeating: 0, count: n * c * outH * outW)
        let output = Tensor.overwriting(shape: [n, c, outH, outW]) { out in
            input.withUnsafeBufferPointer { source in
                argmax.withUnsafeMutableBufferPointer { indices in
                    var o = 0
                    for plane in 0..<(n * c) {
                        let base = plane * h * w
                        for y in 0..<outH {
                            for x in 0..<outW {
                                let topLeft = base + 2 * y * w + 2 * x
                                var best = topLeft
                                var bestValue = source[topLeft]
                                // Candidates in row-major order; `>` keeps the first of equal values.
                                // Written as selects so that random data does not cost branch misses.
                                for candidate in [topLeft + 1, topLeft + w, topLeft + w + 1] {
                                    let value = source[candidate]
                                    let take = value > bestValue || value.isNaN
                                    best = take ? candidate : best
                                    bestValue = take ? value : bestValue
                                }
                                out[o] = source[best]
                                indices[o] = Int32(best)
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return MaxPoolResult(output: output, argmax: argmax)
    }

    /// Routes `gradOutput` (shape `[N, C, ⌊H/2⌋, ⌊W/2⌋]`) to the argmax positions of an input of shape
    /// `inputShape`; every other input position gets 0.
    public static func backward(gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        let expected = outputShape(input: inputShape)
        precondition(
            gradOutput.shape == expected && argmax.count == gradOutput.count,
            "MaxPool2x2.backward: gradOutput \(gradOutput.shape) and \(argmax.count) indices for input "
                + "\(inputShape) (expected \(expected))")
        return Tensor(shape: inputShape) { gradInput in
            gradOutput.withUnsafeBufferPointer { grad in
                for (index, target) in argmax.enumerated() {
                    gradInput[Int(target)] += grad[index]
                }
            }
        }
    }
}
