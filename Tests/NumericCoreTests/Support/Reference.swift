import Foundation

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

extension Reference {
    /// 2×2 stride-2 max-pooling of `[N, C, H, W]`.
    static func maxPool(_ values: [Double], shape: [Int]) -> [Double] {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        var out = [Double]()
        for plane in 0..<planes {
            for y in 0..<(h / 2) {
                for x in 0..<(w / 2) {
                    let top = (plane * h + 2 * y) * w + 2 * x
                    out.append(
                        max(max(values[top], values[top + 1]), max(values[top + w], values[top + w + 1])))
                }
            }
        }
        return out
    }

    /// Bilinear resize with align_corners=False, evaluated per output pixel from PyTorch's formula
    /// `src = max(0, (dst + 0.5) · in / out − 0.5)`.
    static func bilinear(
        _ x: [Double], shape: [Int], height: Int, width: Int, alignCorners: Bool = false
    ) -> [Double] {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        func source(_ d: Int, _ input: Int, _ output: Int) -> (Int, Int, Double) {
            let s =
                alignCorners
                ? (output > 1 ? Double(d) * Double(input - 1) / Double(output - 1) : 0)
                : max(0, (Double(d) + 0.5) * Double(input) / Double(output) - 0.5)
            let i0 = min(Int(s.rounded(.down)), input - 1)
            return (i0, min(i0 + 1, input - 1), s - Double(i0))
        }
        var out = [Double]()
        for plane in 0..<planes {
            for y in 0..<height {
                let (y0, y1, ly) = source(y, h, height)
                for xo in 0..<width {
                    let (x0, x1, lx) = source(xo, w, width)
                    func at(_ r: Int, _ c: Int) -> Double { x[(plane * h + r) * w + c] }
                    out.append(
                        (1 - ly) * (1 - lx) * at(y0, x0) + (1 - ly) * lx * at(y0, x1) + ly * (1 - lx)
                            * at(y1, x0)
                            + ly * lx * at(y1, x1))
                }
            }
        }
        return out
    }

    /// Training-mode batch norm: per-channel batch mean and biased variance.
    static func batchNorm(
        _ x: [Double], shape: [Int], gamma: [Double], beta: [Double], epsilon: Double
    ) -> [Double] {
        let (n, c, plane) = (shape[0], shape[1], shape[2] * shape[3])
        var out = x
        for channel in 0..<c {
            var values = [Double]()
            for image in 0..<n {
                for pixel in 0..<plane {
                    values.append(x[(image * c + channel) * plane + pixel])
                }
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            for image in 0..<n {
                for pixel in 0..<plane {
                    let index = (image * c + channel) * plane + pixel
                    out[index] =
                        gamma[channel] * (x[index] - mean) / (variance + epsilon).squareRoot() + beta[channel]
                }
            }
        }
        return out
    }

    /// Softmax (or log-softmax) over the channel axis of `[N, C, H, W]`.
    static func softmax(_ x: [Double], shape: [Int], log: Bool) -> [Double] {
        let (n, c, plane) = (shape[0], shape[1], shape[2] * shape[3])
        var out = x
        for image in 0..<n {
            for pixel in 0..<plane {
                let indices = (0..<c).map { (image * c + $0) * plane + pixel }
                let total = indices.map { exp(x[$0]) }.reduce(0, +)
                for index in indices {
                    out[index] = log ? x[index] - Foundation.log(total) : exp(x[index]) / total
                }
            }
        }
        return out
    }
}

extension Reference {
    /// k×k max-pooling with stride and −∞ padding.
    static func maxPool(
        _ values: [Double], shape: [Int], kernel: Int, stride: Int, padding: Int
    ) -> [Double] {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let outH = (h + 2 * padding - kernel) / stride + 1
        let outW = (w + 2 * padding - kernel) / stride + 1
        var out = [Double]()
        for plane in 0..<planes {
            for y in 0..<outH {
                for x in 0..<outW {
                    var best = -Double.infinity
                    for i in 0..<kernel {
                        for j in 0..<kernel {
                            let (row, column) = (y * stride - padding + i, x * stride - padding + j)
                            guard (0..<h).contains(row), (0..<w).contains(column) else { continue }
                            best = max(best, values[(plane * h + row) * w + column])
                        }
                    }
                    out.append(best)
                }
            }
        }
        return out
    }
}
