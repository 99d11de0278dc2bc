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
                    // Planes are independent; each is pooled by one thread.
                    ParallelLoop.forEachChunk(
                        n * c, minimumPerChunk: max(1, Tensor.parallelElements / max(1, h * w))
                    ) { planes in
                        for plane in planes {
                            let base = plane * h * w
                            var o = plane * outH * outW
                            for y in 0..<outH {
                                for x in 0..<outW {
                                    let topLeft = base + 2 * y * w + 2 * x
                                    var best = topLeft
                                    var bestValue = source[topLeft]
                                    // Candidates in row-major order; `>` keeps the first of equal values.
                                    // Written as selects so that random data does not cost branch misses.
                                    for step in 1...3 {
                                        let candidate = topLeft + (step == 1 ? 1 : step == 2 ? w : w + 1)
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
        }
        return MaxPoolResult(output: output, argmax: argmax)
    }

    /// The pooled values of `forward` without the argmax (a forward pass that will not be
    /// differentiated): the same selection, so the same values, NaN included.
    public static func values(_ input: Tensor) -> Tensor {
        let (n, c, h, w) = input.nchw("MaxPool2x2.values")
        let (outH, outW) = (h / 2, w / 2)
        return Tensor.overwriting(shape: [n, c, outH, outW]) { out in
            input.withUnsafeBufferPointer { source in
                ParallelLoop.forEachChunk(
                    n * c, minimumPerChunk: max(1, Tensor.parallelElements / max(1, h * w))
                ) { planes in
                    guard let source = source.baseAddress, let out = out.baseAddress else { return }
                    for plane in planes {
                        var o = plane * outH * outW
                        for y in 0..<outH {
                            let top = plane * h * w + 2 * y * w
                            // Eight windows at once: the even and odd lanes of 16 values of each row
                            // are the windows' left and right columns; the same selections, so the
                            // same values.
                            var x = 0
                            while x + 8 <= outW {
                                let upper = UnsafeRawPointer(source + top + 2 * x).loadUnaligned(
                                    as: SIMD16<Float>.self)
                                let lower = UnsafeRawPointer(source + top + w + 2 * x).loadUnaligned(
                                    as: SIMD16<Float>.self)
                                var best = upper.evenHalf
                                @inline(__always)
                                func consider(_ candidate: SIMD8<Float>) {
                                    best.replace(
                                        with: candidate, where: candidate .> best .| candidate .!= candidate)
                                }
                                consider(upper.oddHalf)
                                consider(lower.evenHalf)
                                consider(lower.oddHalf)
                                UnsafeMutableRawPointer(out + o).storeBytes(of: best, as: SIMD8<Float>.self)
                                o += 8
                                x += 8
                            }
                            for x in x..<outW {
                                // Row-major order; `>` keeps the first of equal values, a NaN replaces.
                                var best = source[top + 2 * x]
                                let right = source[top + 2 * x + 1]
                                best = right > best || right.isNaN ? right : best
                                let below = source[top + w + 2 * x]
                                best = below > best || below.isNaN ? below : best
                                let diagonal = source[top + w + 2 * x + 1]
                                best = diagonal > best || diagonal.isNaN ? diagonal : best
                                out[o] = best
                                o += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Routes `gradOutput` (shape `[N, C, ⌊H/2⌋, ⌊W/2⌋]`) to the argmax positions of an input of shape
    /// `inputShape`; every other input position gets 0.
    public static func backward(gradOutput: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor {
        let expected = outputShape(input: inputShape)
        precondition(
            gradOutput.shape == expected && argmax.count == gradOutput.count,
            "MaxPool2x2.backward: gradOutput \(gradOutput.shape) and \(argmax.count) indices for input "
                + "\(inputShape) (expected \(expected))")
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let window = (h / 2) * (w / 2)
        return Tensor.overwriting(shape: inputShape) { gradInput in
            gradOutput.withUnsafeBufferPointer { grad in
                argmax.withUnsafeBufferPointer { indices in
                    guard let target = gradInput.baseAddress else { return }
                    // A plane's windows route only into that plane: planes go to threads whole, and each
                    // thread zeroes its own planes first (a serial zeroing pass held the other thread up).
                    ParallelLoop.forEachChunk(
                        n * c, minimumPerChunk: max(1, Tensor.parallelElements / max(1, h * w))
                    ) { planes in
                        (target + planes.lowerBound * h * w).initialize(
                            repeating: 0, count: planes.count * h * w)
                        for index in (planes.lowerBound * window)..<(planes.upperBound * window) {
                            target[Int(indices[index])] += grad[index]
                        }
                    }
                }
            }
        }
    }
}
