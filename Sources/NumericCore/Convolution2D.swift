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
/// The column buffer holds `Cin·kh·kw × Ho·Wo` floats for one image at a time.
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
        var columns = [Float](repeating: 0, count: pointwise ? 0 : layout.rows * layout.columns)
        var output = Tensor.overwriting(shape: outputShape(input: input.shape, weight: weight.shape)) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { inBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    columns.withUnsafeMutableBufferPointer { colBuffer in
                        guard let inBase = inBuffer.baseAddress, let wBase = wBuffer.baseAddress else {
                            return
                        }
                        for image in 0..<batch {
                            let source = inBase + image * inputPlane
                            var matrix = source
                            if !pointwise, let colBase = colBuffer.baseAddress {
                                Im2col.im2col(source, layout, into: colBase)
                                matrix = UnsafePointer(colBase)
                            }
                            GEMM.multiply(
                                transposeA: false, transposeB: false,
                                m: outChannels, n: layout.columns, k: layout.rows, alpha: 1,
                                a: wBase, lda: layout.rows, b: matrix, ldb: layout.columns,
                                beta: 0, c: outBase + image * outputPlane, ldc: layout.columns)
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
    /// - Parameters:
    ///   - gradOutput: `[N, Cout, Ho, Wo]`, shaped like `forward`'s output.
    ///   - input: the forward input `[N, Cin, H, W]`.
    ///   - weight: the forward weight `[Cout, Cin, kh, kw]`.
    ///   - computeInputGradient: pass `false` for a first layer to skip the col2im work.
    /// - Returns: input gradient `[N, Cin, H, W]` (or `nil`), weight gradient `[Cout, Cin, kh, kw]`
    ///   summed over the batch, bias gradient `[Cout]`.
    public func backward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, computeInputGradient: Bool = true
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
        var columns = [Float](repeating: 0, count: pointwise ? 0 : layout.rows * layout.columns)
        var gradWeight = Tensor(zeros: weight.shape)
        var gradInput = computeInputGradient ? Tensor(zeros: input.shape) : nil

        input.withUnsafeBufferPointer { inBuffer in
            gradOutput.withUnsafeBufferPointer { gBuffer in
                columns.withUnsafeMutableBufferPointer { colBuffer in
                    gradWeight.withUnsafeMutableBufferPointer { gwBuffer in
                        guard let inBase = inBuffer.baseAddress, let gBase = gBuffer.baseAddress,
                            let gwBase = gwBuffer.baseAddress
                        else { return }
                        for image in 0..<batch {
                            let source = inBase + image * inputPlane
                            var matrix = source
                            if !pointwise, let colBase = colBuffer.baseAddress {
                                Im2col.im2col(source, layout, into: colBase)
                                matrix = UnsafePointer(colBase)
                            }
                            // dW[Cout, K] += dY_n[Cout, P] · cols_n[K, P]ᵀ
                            GEMM.multiply(
                                transposeA: false, transposeB: true,
                                m: outChannels, n: layout.rows, k: layout.columns, alpha: 1,
                                a: gBase + image * outputPlane, lda: layout.columns,
                                b: matrix, ldb: layout.columns,
                                beta: image == 0 ? 0 : 1, c: gwBase, ldc: layout.rows)
                        }
                    }
                }
            }
        }

        if computeInputGradient {
            var gradColumns = [Float](repeating: 0, count: pointwise ? 0 : layout.rows * layout.columns)
            weight.withUnsafeBufferPointer { wBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    gradColumns.withUnsafeMutableBufferPointer { colBuffer in
                        gradInput?.withUnsafeMutableBufferPointer { giBuffer in
                            guard let wBase = wBuffer.baseAddress, let gBase = gBuffer.baseAddress,
                                let giBase = giBuffer.baseAddress
                            else { return }
                            for image in 0..<batch {
                                let target = giBase + image * inputPlane
                                // dCols[K, P] = W[Cout, K]ᵀ · dY_n[Cout, P]
                                GEMM.multiply(
                                    transposeA: true, transposeB: false,
                                    m: layout.rows, n: layout.columns, k: outChannels, alpha: 1,
                                    a: wBase, lda: layout.rows,
                                    b: gBase + image * outputPlane, ldb: layout.columns,
                                    beta: 0, c: pointwise ? target : (colBuffer.baseAddress ?? target),
                                    ldc: layout.columns)
                                if !pointwise, let colBase = colBuffer.baseAddress {
                                    Im2col.col2im(colBase, layout, into: target)
                                }
                            }
                        }
                    }
                }
            }
        }
        return ConvolutionGradients(
            input: gradInput, weight: gradWeight, bias: gradOutput.sumPerChannel())
    }
}
