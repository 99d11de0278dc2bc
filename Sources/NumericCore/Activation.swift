#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Point-wise activations and the channel softmax, with their backward passes.
///
/// ReLU and sigmoid accept tensors of any shape. Softmax and log-softmax act along the channel axis of
/// NCHW tensors (PyTorch `dim=1`): for every `(n, h, w)` the `C` values are normalised.
public enum Activation {
    /// `max(x, 0)` element-wise (NaN stays NaN).
    public static func relu(_ input: Tensor) -> Tensor {
        input.map { $0 < 0 ? 0 : $0 }
    }

    /// `dy · [x > 0]` element-wise: the gradient of `relu` (taken as 0 at x = 0, as PyTorch does).
    public static func reluBackward(gradOutput: Tensor, input: Tensor) -> Tensor {
        var result = gradOutput
        result.formBinary(input, "Activation.reluBackward") { gradient, x in x > 0 ? gradient : 0 }
        return result
    }

    /// `1 / (1 + e^(−x))` element-wise, computed without overflow: `e^x / (1 + e^x)` for `x < 0`.
    public static func sigmoid(_ input: Tensor) -> Tensor {
        input.map { x in
            if x >= 0 {
                return 1 / (1 + expf(-x))
            }
            let e = expf(x)
            return e / (1 + e)
        }
    }

    /// `dy · s · (1 − s)` element-wise, where `output = sigmoid(x)` is the forward result.
    public static func sigmoidBackward(gradOutput: Tensor, output: Tensor) -> Tensor {
        var result = gradOutput
        result.formBinary(output, "Activation.sigmoidBackward") { gradient, s in gradient * s * (1 - s) }
        return result
    }

    /// The softmax over channels of an NCHW tensor, stabilised by subtracting the per-pixel maximum:
    /// `softmax(x)_c = e^(x_c − m) / Σ_k e^(x_k − m)`, `m = max_k x_k`. Output shape = input shape.
    public static func softmax(_ input: Tensor) -> Tensor {
        channelwise(input, "Activation.softmax") { values, maximum, total, channels, plane in
            let inverse = total.map { 1 / $0 }
            for channel in 0..<channels {
                let row = values + channel * plane
                for pixel in 0..<plane {
                    row[pixel] = expf(row[pixel] - maximum[pixel]) * inverse[pixel]
                }
            }
        }
    }

    /// The log-softmax over channels: `x_c − m − log Σ_k e^(x_k − m)`. Output shape = input shape.
    public static func logSoftmax(_ input: Tensor) -> Tensor {
        channelwise(input, "Activation.logSoftmax") { values, maximum, total, channels, plane in
            let shift = (0..<plane).map { maximum[$0] + logf(total[$0]) }
            for channel in 0..<channels {
                let row = values + channel * plane
                for pixel in 0..<plane {
                    row[pixel] -= shift[pixel]
                }
            }
        }
    }

    /// The gradient of `softmax`: `dx_c = s_c · (dy_c − Σ_k dy_k · s_k)`, with `output = softmax(x)`.
    public static func softmaxBackward(gradOutput: Tensor, output: Tensor) -> Tensor {
        let dot = perPixelSum(gradOutput * output, "Activation.softmaxBackward")
        var result = gradOutput
        subtractPerPixel(&result, dot)
        result *= output
        return result
    }

    /// The gradient of `logSoftmax`: `dx_c = dy_c − e^(output_c) · Σ_k dy_k`, with `output = logSoftmax(x)`.
    public static func logSoftmaxBackward(gradOutput: Tensor, output: Tensor) -> Tensor {
        gradOutput.requireSameShape(output, "Activation.logSoftmaxBackward")
        let total = perPixelSum(gradOutput, "Activation.logSoftmaxBackward")
        let (n, c, h, w) = output.nchw()
        let plane = h * w
        return Tensor.overwriting(shape: output.shape) { result in
            for image in 0..<n {
                for channel in 0..<c {
                    let offset = (image * c + channel) * plane
                    for pixel in 0..<plane {
                        let index = offset + pixel
                        result[index] =
                            gradOutput.scalars[index] - expf(output.scalars[index])
                            * total[image * plane + pixel]
                    }
                }
            }
        }
    }

    // MARK: Helpers

    /// Copies `input`, then for each image computes the per-pixel channel maximum and
    /// `Σ_k e^(x_k − max)` and calls `finish(values, maximum, total, C, H·W)` on the image's block.
    private static func channelwise(
        _ input: Tensor, _ operation: String,
        finish: (UnsafeMutablePointer<Float>, [Float], [Float], Int, Int) -> Void
    ) -> Tensor {
        let (n, c, h, w) = input.nchw(operation)
        precondition(c >= 1, "\(operation): need at least one channel, got shape \(input.shape)")
        let plane = h * w
        var result = input
        result.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var maximum = [Float](repeating: 0, count: plane)
            var total = [Float](repeating: 0, count: plane)
            for image in 0..<n {
                let block = base + image * c * plane
                for pixel in 0..<plane {
                    maximum[pixel] = block[pixel]
                    total[pixel] = 0
                }
                for channel in 1..<c {
                    let row = block + channel * plane
                    for pixel in 0..<plane where row[pixel] > maximum[pixel] {
                        maximum[pixel] = row[pixel]
                    }
                }
                for channel in 0..<c {
                    let row = block + channel * plane
                    for pixel in 0..<plane {
                        total[pixel] += expf(row[pixel] - maximum[pixel])
                    }
                }
                finish(block, maximum, total, c, plane)
            }
        }
        return result
    }

    /// Per-pixel sums over channels, `[N·H·W]` in (n, h, w) order.
    private static func perPixelSum(_ input: Tensor, _ operation: String) -> [Float] {
        let (n, c, h, w) = input.nchw(operation)
        let plane = h * w
        var total = [Float](repeating: 0, count: n * plane)
        for image in 0..<n {
            for channel in 0..<c {
                let offset = (image * c + channel) * plane
                for pixel in 0..<plane {
                    total[image * plane + pixel] += input.scalars[offset + pixel]
                }
            }
        }
        return total
    }

    /// Subtracts `values[n·H·W + pixel]` from every channel of that pixel.
    private static func subtractPerPixel(_ tensor: inout Tensor, _ values: [Float]) {
        let (n, c, h, w) = tensor.nchw()
        let plane = h * w
        tensor.withUnsafeMutableBufferPointer { buffer in
            for image in 0..<n {
                for channel in 0..<c {
                    let offset = (image * c + channel) * plane
                    for pixel in 0..<plane {
                        buffer[offset + pixel] -= values[image * plane + pixel]
                    }
                }
            }
        }
    }
}
