/// Max-pooling with a square window, stride and padding (PyTorch `MaxPool2d(kernel_size: k,
/// stride: s, padding: p)`, dilation 1, `ceil_mode: false`), e.g. the 3×3 stride-2 pooling of a ResNet
/// stem. `MaxPool2x2` is a faster special case for k = s = 2, p = 0.
///
/// Layouts: input `[N, C, H, W]` → output `[N, C, Ho, Wo]` with `Ho = ⌊(H + 2p − k) / s⌋ + 1` (likewise
/// `Wo`). Padding never wins (it acts as −∞). Within a window the first maximum in row-major order
/// wins; NaN propagates as in PyTorch.
public struct MaxPool2D: Sendable, Equatable {
    /// Window side `k ≥ 1`.
    public var kernelSize: Int
    /// Step between windows `s ≥ 1`.
    public var stride: Int
    /// Implicit −∞ padding on every side, `0 ≤ p ≤ k / 2` (PyTorch's limit).
    public var padding: Int

    /// Creates a pooling; the stride defaults to the kernel size, as in PyTorch.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        let step = stride ?? kernelSize
        precondition(
            kernelSize >= 1 && step >= 1 && padding >= 0 && 2 * padding <= kernelSize,
            "MaxPool2D: need k ≥ 1, s ≥ 1, 0 ≤ p ≤ k/2; got k=\(kernelSize) s=\(step) p=\(padding)")
        self.kernelSize = kernelSize
        self.stride = step
        self.padding = padding
    }

    /// The output shape `[N, C, Ho, Wo]` for an NCHW input shape.
    public func outputShape(input: [Int]) -> [Int] {
        precondition(input.count == 4, "MaxPool2D: expected an NCHW shape, got \(input)")
        let (h, w) = (input[2] + 2 * padding - kernelSize, input[3] + 2 * padding - kernelSize)
        precondition(
            h >= 0 && w >= 0, "MaxPool2D: window \(kernelSize) with padding \(padding) exceeds input \(input)"
        )
        return [input[0], input[1], h / stride + 1, w / stride + 1]
    }

    /// Pools `input`; the result carries, per output scalar, the flat input offset of its maximum.
    ///
    /// - Precondition: the input has fewer than 2³¹ scalars.
    public func forward(_ input: Tensor) -> MaxPoolResult {
        let shape = outputShape(input: input.shape)
        let (n, c, h, w) = input.nchw("MaxPool2D.forward")
        precondition(input.count <= Int(Int32.max), "MaxPool2D.forward: input \(input.shape) too large")
        let (outH, outW) = (shape[2], shape[3])
        var argmax = [Int32](repeating: 0, count: n * c * outH * outW)
        let output = Tensor.overwriting(shape: shape) { out in
            input.withUnsafeBufferPointer { source in
                var o = 0
                for plane in 0..<(n * c) {
                    let base = plane * h * w
                    for y in 0..<outH {
                        let rows =
                            Swift.max(
                                0, y * stride - padding)..<Swift.min(h, y * stride - padding + kernelSize)
                        for x in 0..<outW {
                            let columns =
                                Swift.max(
                                    0, x * stride - padding)..<Swift.min(w, x * stride - padding + kernelSize)
                            var best = base + rows.lowerBound * w + columns.lowerBound
                            var bestValue = source[best]
                            for row in rows {
                                for column in columns {
                                    let offset = base + row * w + column
                                    let value = source[offset]
                                    if value > bestValue || (value.isNaN && offset != best) {
                                        best = offset
                                        bestValue = value
                                    }
                                }
                            }
                            out[o] = bestValue
                            argmax[o] = Int32(best)
                            o += 1
                        }
                    }
                }
            }
        }
        return MaxPoolResult(output: output, argmax: argmax)
    }

    /// Routes `gradOutput` to the recorded maxima of an input of shape `inputShape` (overlapping windows
    /// that share a maximum add their gradients).
    public func backward(gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        let expected = outputShape(input: inputShape)
        precondition(
            gradOutput.shape == expected && argmax.count == gradOutput.count,
            "MaxPool2D.backward: gradOutput \(gradOutput.shape) and \(argmax.count) indices for input "
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
