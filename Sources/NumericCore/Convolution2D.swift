/// A 2-D convolution (cross-correlation, as in PyTorch's `Conv2d`, one group) computed by im2col and
/// one GEMM per image.
///
/// Layouts:
/// - input `[N, Cin, H, W]` (NCHW);
/// - weight `[Cout, Cin, kh, kw]`;
/// - bias `[Cout]` (optional);
/// - output `[N, Cout, Ho, Wo]` with
///   `Ho = ⌊(H + 2·padding − dilation·(kh − 1) − 1) / stride⌋ + 1`, and `Wo` likewise with `W`, `kw`.
///
/// `output[n, o, y, x] = bias[o] + Σ_{c,i,j} weight[o, c, i, j] · input[n, c, y·s − p + i·d, x·s − p + j·d]`,
/// where input positions outside the image read as 0 (zero padding). Stride, padding and dilation are
/// the same along height and width. A 1×1 kernel with stride 1 and no padding skips im2col.
///
/// The column buffer holds `Cin·kh·kw × Ho·Wo` floats for one image at a time, per thread.
public struct Convolution2D: Sendable, Equatable {
    /// Step between neighbouring output positions, in input pixels (≥ 1).
    public var stride: Int
    /// Zero padding added on every side (≥ 0).
    public var padding: Int
    /// Spacing between kernel taps (≥ 1); 1 is an ordinary convolution.
    public var dilation: Int

    /// Creates a convolution with the given hyper-parameters.
    public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
        precondition(
            stride >= 1 && padding >= 0 && dilation >= 1,
            "Convolution2D: need stride ≥ 1, padding ≥ 0, dilation ≥ 1; got stride=\(stride) "
                + "padding=\(padding) dilation=\(dilation)")
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    /// The output extent along one axis: `⌊(input + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`.
    public func outputExtent(input: Int, kernel: Int) -> Int {
        let span = input + 2 * padding - dilation * (kernel - 1) - 1
        precondition(
            span >= 0,
            "Convolution2D: kernel \(kernel) with dilation \(dilation) does not fit input extent \(input) "
                + "with padding \(padding)")
        return span / stride + 1
    }

    /// The output shape `[N, Cout, Ho, Wo]` for an input shape `[N, Cin, H, W]` and weight shape
    /// `[Cout, Cin, kh, kw]`.
    public func outputShape(input: [Int], weight: [Int]) -> [Int] {
        precondition(
            input.count == 4 && weight.count == 4 && input[1] == weight[1],
            "Convolution2D: input \(input) (NCHW) and weight \(weight) ([Cout, Cin, kh, kw]) do not match")
        return [
            input[0], weight[0], outputExtent(input: input[2], kernel: weight[2]),
            outputExtent(input: input[3], kernel: weight[3]),
        ]
    }

    func layout(input: [Int], weight: [Int]) -> Im2col.Layout {
        let output = outputShape(input: input, weight: weight)
        return Im2col.Layout(
            channels: input[1], height: input[2], width: input[3], kernelHeight: weight[2],
            kernelWidth: weight[3], stride: stride, padding: padding, dilation: dilation,
            outputHeight: output[2], outputWidth: output[3])
    }

    /// Whether the column matrix equals the input image itself (1×1 kernel, stride 1, no padding).
    func isPointwise(_ layout: Im2col.Layout) -> Bool {
        layout.kernelHeight == 1 && layout.kernelWidth == 1 && stride == 1 && padding == 0
    }

    /// The convolution of `input` with `weight`, plus `bias` per output channel if given.
    ///
    /// The batch is split into contiguous image ranges, one per thread (`ParallelLoop`); each image
    /// is im2col + one single-threaded GEMM, so its bits do not depend on the thread count.
    ///
    /// - Returns: a tensor of shape `outputShape(input: input.shape, weight: weight.shape)`.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let (batch, _, _, _) = input.nchw("Convolution2D.forward input")
        let (outChannels, _, _, _) = weight.nchw("Convolution2D.forward weight")
        if let bias {
            precondition(
                bias.shape == [outChannels],
                "Convolution2D.forward: bias shape \(bias.shape), expected [\(outChannels)]")
        }
        let layout = layout(input: input.shape, weight: weight.shape)
        let pointwise = isPointwise(layout)
        let inputPlane = layout.channels * layout.height * layout.width
        let outputPlane = outChannels * layout.columns
        let columnCount = pointwise ? 0 : layout.rows * layout.columns
        var output = Tensor.overwriting(shape: outputShape(input: input.shape, weight: weight.shape)) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { inBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    guard let inBase = inBuffer.baseAddress, let wBase = wBuffer.baseAddress else { return }
                    ParallelLoop.forEachImageRange(batch: batch) { _, images in
                        Self.withScratch(count: columnCount) { colBase in
                            for image in images {
                                let source = inBase + image * inputPlane
                                var matrix = source
                                if let colBase {
                                    Im2col.im2col(source, layout, into: colBase)
                                    matrix = UnsafePointer(colBase)
                                }
                                GEMM.multiply(
                                    transposeA: false, transposeB: false,
                                    m: outChannels, n: layout.columns, k: layout.rows, alpha: 1,
                                    a: wBase, lda: layout.rows, b: matrix, ldb: layout.columns,
                                    beta: 0, c: outBase + image * outputPlane, ldc: layout.columns,
                                    splitsAcrossThreads: images.count == batch)
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

    /// The gradients of a loss with respect to input, weight and bias, given the gradient with respect
    /// to this convolution's output.
    ///
    /// Per image: im2col, `dW += dY_n · colsᵀ`, and (if asked) `dCols = Wᵀ · dY_n` followed by col2im.
    /// With `t` threads the batch is split into `t` contiguous image ranges (`ParallelLoop`); each
    /// range accumulates its own weight gradient in image order, and the ranges' sums are added in
    /// range order, so the result is bit-identical for a fixed thread count.
    ///
    /// - Parameters:
    ///   - gradOutput: `[N, Cout, Ho, Wo]`, shaped like `forward`'s output.
    ///   - input: the forward input `[N, Cin, H, W]`.
    ///   - weight: the forward weight `[Cout, Cin, kh, kw]`.
    ///   - computeInputGradient: pass `false` for a first layer to skip the col2im work.
    ///   - computeBiasGradient: pass `false` for a convolution without bias (the result's `bias` is
    ///     then zeros).
    /// - Returns: input gradient `[N, Cin, H, W]` (or `nil`), weight gradient `[Cout, Cin, kh, kw]`
    ///   summed over the batch, bias gradient `[Cout]`.
    public func backward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, computeInputGradient: Bool = true,
        computeBiasGradient: Bool = true
    ) -> ConvolutionGradients {
        let (batch, _, _, _) = input.nchw("Convolution2D.backward input")
        let (outChannels, _, _, _) = weight.nchw("Convolution2D.backward weight")
        let expected = outputShape(input: input.shape, weight: weight.shape)
        precondition(
            gradOutput.shape == expected,
            "Convolution2D.backward: gradOutput shape \(gradOutput.shape), expected \(expected)")
        let layout = layout(input: input.shape, weight: weight.shape)
        let pointwise = isPointwise(layout)
        let inputPlane = layout.channels * layout.height * layout.width
        let outputPlane = outChannels * layout.columns
        let columnCount = pointwise ? 0 : layout.rows * layout.columns
        let weightCount = weight.count
        let workers = ParallelLoop.imageWorkers(batch: batch)
        // Worker w's partial weight gradient; worker 0 writes straight into the result.
        var partials = [Float](repeating: 0, count: (workers - 1) * weightCount)
        var gradWeight = Tensor(zeros: weight.shape)
        // Every element is written below: by a β = 0 GEMM (1×1) or zeroed per image before col2im.
        var gradInput: Tensor? = computeInputGradient ? Tensor.overwriting(shape: input.shape) { _ in } : nil

        func run(_ giBase: UnsafeMutablePointer<Float>?) {
            input.withUnsafeBufferPointer { inBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    weight.withUnsafeBufferPointer { wBuffer in
                        partials.withUnsafeMutableBufferPointer { partialBuffer in
                            gradWeight.withUnsafeMutableBufferPointer { gwBuffer in
                                guard let inBase = inBuffer.baseAddress, let gBase = gBuffer.baseAddress,
                                    let wBase = wBuffer.baseAddress, let gwBase = gwBuffer.baseAddress
                                else { return }
                                let partialBase = partialBuffer.baseAddress
                                ParallelLoop.forEachImageRange(batch: batch) { worker, images in
                                    let dW =
                                        worker == 0
                                        ? gwBase : (partialBase ?? gwBase) + (worker - 1) * weightCount
                                    Self.withScratch(count: 2 * columnCount) { scratch in
                                        for image in images {
                                            let source = inBase + image * inputPlane
                                            let dY = gBase + image * outputPlane
                                            var matrix = source
                                            if let scratch {
                                                Im2col.im2col(source, layout, into: scratch)
                                                matrix = UnsafePointer(scratch)
                                            }
                                            // dW[Cout, K] += dY_n[Cout, P] · cols_n[K, P]ᵀ
                                            GEMM.multiply(
                                                transposeA: false, transposeB: true,
                                                m: outChannels, n: layout.rows, k: layout.columns, alpha: 1,
                                                a: dY, lda: layout.columns, b: matrix, ldb: layout.columns,
                                                beta: image == images.lowerBound ? 0 : 1, c: dW,
                                                ldc: layout.rows, splitsAcrossThreads: images.count == batch)
                                            guard let giBase else { continue }
                                            let target = giBase + image * inputPlane
                                            // dCols[K, P] = W[Cout, K]ᵀ · dY_n[Cout, P], then col2im.
                                            let gradColumns = scratch.map { $0 + columnCount } ?? target
                                            GEMM.multiply(
                                                transposeA: true, transposeB: false,
                                                m: layout.rows, n: layout.columns, k: outChannels, alpha: 1,
                                                a: wBase, lda: layout.rows, b: dY, ldb: layout.columns,
                                                beta: 0, c: gradColumns, ldc: layout.columns,
                                                splitsAcrossThreads: images.count == batch)
                                            if scratch != nil {
                                                target.update(repeating: 0, count: inputPlane)
                                                Im2col.col2im(gradColumns, layout, into: target)
                                            }
                                        }
                                    }
                                }
                                // Empty image ranges do not occur: workers ≤ batch.
                                for worker in 1..<workers {
                                    let partial = (partialBase ?? gwBase) + (worker - 1) * weightCount
                                    for index in 0..<weightCount {
                                        gwBase[index] += partial[index]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if gradInput != nil {
            gradInput?.withUnsafeMutableBufferPointer { giBuffer in run(giBuffer.baseAddress) }
        } else {
            run(nil)
        }
        return ConvolutionGradients(
            input: gradInput, weight: gradWeight,
            bias: computeBiasGradient ? gradOutput.sumPerChannel() : Tensor(zeros: [outChannels]))
    }

    /// Calls `body` with an uninitialised scratch buffer of `count` floats (`nil` when `count` is 0).
    static func withScratch(count: Int, _ body: (UnsafeMutablePointer<Float>?) -> Void) {
        guard count > 0 else {
            body(nil)
            return
        }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { scratch.deallocate() }
        body(scratch)
    }
}
