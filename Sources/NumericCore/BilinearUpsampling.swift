/// Bilinear resizing of NCHW tensors as PyTorch's
/// `F.interpolate(x, size: (Ho, Wo), mode: "bilinear", align_corners: …)`. The default is PyTorch's
/// default, `alignCorners: false`; DeepLab's code resizes with `align_corners=True`.
///
/// Layouts: input `[N, C, H, W]` → output `[N, C, Ho, Wo]` for any `Ho, Wo ≥ 1`.
///
/// Along each axis, output index `d` samples the input at a source coordinate `s`, computed in Float:
/// - `alignCorners: false`: `s = max(0, (d + 0.5) · in / out − 0.5)`. Pixel centres are aligned:
///   upsampling ×2 maps input pixel `i` to the output pixels around `2i + 0.5`, edges are clamped. For
///   an integer factor `f`, `out = f · in` gives the same result as PyTorch's `scale_factor: f`.
/// - `alignCorners: true`: `s = d · (in − 1) / (out − 1)` (0 when `out = 1`): the corner pixels of input
///   and output coincide.
///
/// Then `i0 = ⌊s⌋`, `i1 = min(i0 + 1, in − 1)`, `λ = s − i0`, and the value is
/// `(1 − λ) · x[i0] + λ · x[i1]`, applied along height and then width (separably).
public enum BilinearUpsampling {
    /// Interpolation taps along one axis.
    struct Taps {
        var low: [Int]
        var high: [Int]
        var highWeight: [Float]

        init(input: Int, output: Int, alignCorners: Bool) {
            precondition(
                input >= 1 && output >= 1, "BilinearUpsampling: extents must be ≥ 1, got \(input) → \(output)"
            )
            let scale: Float
            if alignCorners {
                scale = output > 1 ? Float(input - 1) / Float(output - 1) : 0
            } else {
                scale = Float(input) / Float(output)
            }
            low = []
            high = []
            highWeight = []
            for index in 0..<output {
                let source =
                    alignCorners
                    ? scale * Float(index)
                    : Swift.max(0, (Float(index) + 0.5) * scale - 0.5)
                let lower = Swift.min(Int(source), input - 1)
                low.append(lower)
                high.append(Swift.min(lower + 1, input - 1))
                highWeight.append(source - Float(lower))
            }
        }
    }

    /// `input` resized to `height × width`.
    public static func forward(
        _ input: Tensor, height outH: Int, width outW: Int, alignCorners: Bool = false
    ) -> Tensor {
        let (n, c, h, w) = input.nchw("BilinearUpsampling.forward")
        let rows = Taps(input: h, output: outH, alignCorners: alignCorners)
        let columns = Taps(input: w, output: outW, alignCorners: alignCorners)
        return Tensor.overwriting(shape: [n, c, outH, outW]) { out in
            input.withUnsafeBufferPointer { source in
                for plane in 0..<(n * c) {
                    let inBase = plane * h * w
                    let outBase = plane * outH * outW
                    for y in 0..<outH {
                        let top = inBase + rows.low[y] * w
                        let bottom = inBase + rows.high[y] * w
                        let ly = rows.highWeight[y]
                        for x in 0..<outW {
                            let (x0, x1, lx) = (columns.low[x], columns.high[x], columns.highWeight[x])
                            let upper = (1 - lx) * source[top + x0] + lx * source[top + x1]
                            let lower = (1 - lx) * source[bottom + x0] + lx * source[bottom + x1]
                            out[outBase + y * outW + x] = (1 - ly) * upper + ly * lower
                        }
                    }
                }
            }
        }
    }

    /// The gradient with respect to the input (shape `inputShape`, NCHW) of `forward`, given
    /// `gradOutput` of shape `[N, C, Ho, Wo]`: every output gradient is spread back onto its four
    /// taps with the forward weights.
    public static func backward(gradOutput: Tensor, inputShape: [Int], alignCorners: Bool = false) -> Tensor {
        let (n, c, outH, outW) = gradOutput.nchw("BilinearUpsampling.backward")
        precondition(
            inputShape.count == 4 && inputShape[0] == n && inputShape[1] == c,
            "BilinearUpsampling.backward: gradOutput \(gradOutput.shape) does not fit input \(inputShape)")
        let (h, w) = (inputShape[2], inputShape[3])
        let rows = Taps(input: h, output: outH, alignCorners: alignCorners)
        let columns = Taps(input: w, output: outW, alignCorners: alignCorners)
        return Tensor(shape: inputShape) { gradInput in
            gradOutput.withUnsafeBufferPointer { grad in
                for plane in 0..<(n * c) {
                    let inBase = plane * h * w
                    let outBase = plane * outH * outW
                    for y in 0..<outH {
                        let top = inBase + rows.low[y] * w
                        let bottom = inBase + rows.high[y] * w
                        let ly = rows.highWeight[y]
                        for x in 0..<outW {
                            let (x0, x1, lx) = (columns.low[x], columns.high[x], columns.highWeight[x])
                            let g = grad[outBase + y * outW + x]
                            let upper = (1 - ly) * g
                            let lower = ly * g
                            gradInput[top + x0] += (1 - lx) * upper
                            gradInput[top + x1] += lx * upper
                            gradInput[bottom + x0] += (1 - lx) * lower
                            gradInput[bottom + x1] += lx * lower
                        }
                    }
                }
            }
        }
    }
}
