/// Direct-loop Double implementations of the kernels, written independently of the library code
/// (no im2col, no GEMM) from the defining formulas. Arrays are row-major NCHW.
enum Reference {
    /// Direct convolution: `out[n,o,y,x] = b[o] + Σ w[o,c,i,j] · in[n,c,y·s−p+i·d, x·s−p+j·d]`.
    static func convolution(
        input: [Double], inputShape: [Int], weight: [Double], weightShape: [Int], bias: [Double]?,
        stride: Int, padding: Int, dilation: Int
    ) -> (values: [Double], shape: [Int]) {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let (o, kh, kw) = (weightShape[0], weightShape[2], weightShape[3])
        let ho = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1
        let wo = (w + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
        var out = [Double](repeating: 0, count: n * o * ho * wo)
        for b in 0..<n {
            for oc in 0..<o {
                for y in 0..<ho {
                    for x in 0..<wo {
                        var total = bias?[oc] ?? 0
                        for ic in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = y * stride - padding + i * dilation
                                    let ix = x * stride - padding + j * dilation
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    total +=
                                        weight[((oc * c + ic) * kh + i) * kw + j]
                                        * input[((b * c + ic) * h + iy) * w + ix]
                                }
                            }
                        }
                        out[((b * o + oc) * ho + y) * wo + x] = total
                    }
                }
            }
        }
        return (out, [n, o, ho, wo])
    }

    /// 2×2 stride-2 transposed convolution, weight `[Cin, Cout, 2, 2]`:
    /// `out[n,o,2y+a,2x+b] = bias[o] + Σ_c in[n,c,y,x] · w[c,o,a,b]`.
    static func transposedConvolution2x2(
        input: [Double], inputShape: [Int], weight: [Double], outChannels: Int, bias: [Double]
    ) -> [Double] {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let o = outChannels
        var out = [Double](repeating: 0, count: n * o * 4 * h * w)
        for b in 0..<n {
            for oc in 0..<o {
                for y in 0..<(2 * h) {
                    for x in 0..<(2 * w) {
                        var total = bias[oc]
                        for ic in 0..<c {
                            total +=
                                input[((b * c + ic) * h + y / 2) * w + x / 2]
                                * weight[((ic * o + oc) * 2 + y % 2) * 2 + x % 2]
                        }
                        out[((b * o + oc) * 2 * h + y) * 2 * w + x] = total
                    }
                }
            }
        }
        return out
    }
}
