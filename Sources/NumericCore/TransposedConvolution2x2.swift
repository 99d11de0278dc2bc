/// The 2×2, stride-2 transposed convolution of U-Net's up path (PyTorch
/// `ConvTranspose2d(Cin, Cout, kernel_size: 2, stride: 2)`): every input pixel becomes a 2×2 block.
///
/// Layouts:
/// - input `[N, Cin, H, W]` (NCHW);
/// - weight `[Cin, Cout, 2, 2]` (PyTorch's transposed-convolution order: input channels first);
/// - bias `[Cout]` (optional);
/// - output `[N, Cout, 2H, 2W]`, with
///   `output[n, o, 2y + a, 2x + b] = bias[o] + Σ_c input[n, c, y, x] · weight[c, o, a, b]`.
///
/// Because the 2×2 blocks do not overlap, one GEMM per image gives all four taps:
/// `taps[Cout·4, H·W] = weight[Cin, Cout·4]ᵀ · input_n[Cin, H·W]`, then a scatter into the blocks.
public enum TransposedConvolution2x2 {
    /// The output shape `[N, Cout, 2H, 2W]` for input `[N, Cin, H, W]` and weight `[Cin, Cout, 2, 2]`.
    public static func outputShape(input: [Int], weight: [Int]) -> [Int] {
        precondition(
            input.count == 4 && weight.count == 4 && weight[0] == input[1] && weight[2] == 2
                && weight[3] == 2,
            "TransposedConvolution2x2: input \(input) (NCHW) and weight \(weight) ([Cin, Cout, 2, 2]) do not match"
        )
        return [input[0], weight[1], 2 * input[2], 2 * input[3]]
    }

    /// The transposed convolution of `input` with `weight`, plus `bias` per output channel if given.
    public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let shape = outputShape(input: input.shape, weight: weight.shape)
        let (batch, inChannels, height, width) = input.nchw()
        let outChannels = shape[1]
        if let bias {
            precondition(
                bias.shape == [outChannels],
                "TransposedConvolution2x2.forward: bias shape \(bias.shape), expected [\(outChannels)]")
        }
        let pixels = height * width
        var output = Tensor.overwriting(shape: shape) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { inBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    guard let inBase = inBuffer.baseAddress, let wBase = wBuffer.baseAddress else { return }
                    // Shape-fixed image pieces, each with its own tap buffer (see `ParallelLoop`).
                    ParallelLoop.forEachImagePiece(batch: batch) { _, images in
                        Convolution2D.withScratch(count: outChannels * 4 * pixels) { scratch in
                            guard let tapBase = scratch else { return }
                            for image in images {
                                GEMM.multiply(
                                    transposeA: true, transposeB: false,
                                    m: outChannels * 4, n: pixels, k: inChannels, alpha: 1,
                                    a: wBase, lda: outChannels * 4,
                                    b: inBase + image * inChannels * pixels, ldb: pixels,
                                    beta: 0, c: tapBase, ldc: pixels,
                                    splitsAcrossThreads: images.count == batch)
                                let target = outBase + image * outChannels * 4 * pixels
                                scatter(
                                    UnsafePointer(tapBase), into: target, channels: outChannels,
                                    height: height,
                                    width: width)
                            }
                        }
                    }
                }
            }
        }
        if let bias {
            output.addChannelwise(bias)
        }
        return output
    }

    /// The gradients with respect to input `[N, Cin, H, W]`, weight `[Cin, Cout, 2, 2]` (summed over the
    /// batch) and bias `[Cout]`, given `gradOutput` of shape `[N, Cout, 2H, 2W]`.
    public static func backward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, computeInputGradient: Bool = true
    ) -> ConvolutionGradients {
        let shape = outputShape(input: input.shape, weight: weight.shape)
        precondition(
            gradOutput.shape == shape,
            "TransposedConvolution2x2.backward: gradOutput shape \(gradOutput.shape), expected \(shape)")
        let (batch, inChannels, height, width) = input.nchw()
        let outChannels = shape[1]
        let pixels = height * width
        let weightCount = weight.count
        let pieces = ParallelLoop.imagePieces(batch: batch)
        // Image piece w > 0 sums its images' weight gradient here; the sums are added in piece order.
        var partials = [Float](repeating: 0, count: (pieces - 1) * weightCount)
        var gradWeight = Tensor(zeros: weight.shape)
        // Every element is written by a β = 0 GEMM.
        var gradInput = computeInputGradient ? Tensor.overwriting(shape: input.shape) { _ in } : nil
        func run(_ giBase: UnsafeMutablePointer<Float>?) {
            input.withUnsafeBufferPointer { inBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    gradOutput.withUnsafeBufferPointer { gBuffer in
                        partials.withUnsafeMutableBufferPointer { partialBuffer in
                            gradWeight.withUnsafeMutableBufferPointer { gwBuffer in
                                guard let inBase = inBuffer.baseAddress, let wBase = wBuffer.baseAddress,
                                    let gBase = gBuffer.baseAddress, let gwBase = gwBuffer.baseAddress
                                else { return }
                                let partialBase = partialBuffer.baseAddress
                                ParallelLoop.forEachImagePiece(batch: batch) { part, images in
                                    let dW =
                                        part == 0
                                        ? gwBase : (partialBase ?? gwBase) + (part - 1) * weightCount
                                    Convolution2D.withScratch(count: outChannels * 4 * pixels) { scratch in
                                        guard let tapBase = scratch else { return }
                                        for image in images {
                                            gather(
                                                gBase + image * outChannels * 4 * pixels, into: tapBase,
                                                channels: outChannels, height: height, width: width)
                                            let source = inBase + image * inChannels * pixels
                                            // dW[Cin, Cout·4] += X_n[Cin, HW] · dTaps[Cout·4, HW]ᵀ
                                            GEMM.multiply(
                                                transposeA: false, transposeB: true,
                                                m: inChannels, n: outChannels * 4, k: pixels, alpha: 1,
                                                a: source, lda: pixels, b: tapBase, ldb: pixels,
                                                beta: image == images.lowerBound ? 0 : 1, c: dW,
                                                ldc: outChannels * 4,
                                                splitsAcrossThreads: images.count == batch)
                                            // dX_n[Cin, HW] = W[Cin, Cout·4] · dTaps[Cout·4, HW]
                                            if let giBase {
                                                GEMM.multiply(
                                                    transposeA: false, transposeB: false,
                                                    m: inChannels, n: pixels, k: outChannels * 4, alpha: 1,
                                                    a: wBase, lda: outChannels * 4, b: tapBase, ldb: pixels,
                                                    beta: 0, c: giBase + image * inChannels * pixels,
                                                    ldc: pixels, splitsAcrossThreads: images.count == batch)
                                            }
                                        }
                                    }
                                }
                                if let partialBase {
                                    ParallelLoop.addPieces(
                                        partialBase, pieces: pieces - 1, count: weightCount, into: gwBase)
                                }
                            }
                        }
                    }
                }
            }
        }
        if gradInput != nil {
            gradInput?.withUnsafeMutableBufferPointer { run($0.baseAddress) }
        } else {
            run(nil)
        }
        return ConvolutionGradients(input: gradInput, weight: gradWeight, bias: gradOutput.sumPerChannel())
    }

    /// Moves `taps[(o·2 + a)·2 + b, y·W + x]` to `output[o, 2y + a, 2x + b]` for one image.
    private static func scatter(
        _ taps: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, channels: Int, height: Int,
        width: Int
    ) {
        let pixels = height * width
        for channel in 0..<channels {
            for tap in 0..<4 {
                let (a, b) = (tap >> 1, tap & 1)
                let source = taps + (channel * 4 + tap) * pixels
                let plane = output + channel * 4 * pixels
                for y in 0..<height {
                    let row = plane + (2 * y + a) * 2 * width + b
                    let line = source + y * width
                    for x in 0..<width {
                        row[2 * x] = line[x]
                    }
                }
            }
        }
    }

    /// The inverse of `scatter`: reads `grad[o, 2y + a, 2x + b]` into `taps[(o·2 + a)·2 + b, y·W + x]`.
    private static func gather(
        _ grad: UnsafePointer<Float>, into taps: UnsafeMutablePointer<Float>, channels: Int, height: Int,
        width: Int
    ) {
        let pixels = height * width
        for channel in 0..<channels {
            for tap in 0..<4 {
                let (a, b) = (tap >> 1, tap & 1)
                let target = taps + (channel * 4 + tap) * pixels
                let plane = grad + channel * 4 * pixels
                for y in 0..<height {
                    let row = plane + (2 * y + a) * 2 * width + b
                    let line = target + y * width
                    for x in 0..<width {
                        line[x] = row[2 * x]
                    }
                }
            }
        }
    }
}
