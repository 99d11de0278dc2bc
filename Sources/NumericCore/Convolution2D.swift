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
/// The column buffer holds `Cin·kh·kw` rows of one band of output rows of one image at a time, per
/// thread (`tileRows`), so that it stays in the core's cache.
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

    /// The convolution of `input` with `weight`, plus `bias` per output channel if given, then
    /// `max(·, 0)` if `appliesReLU`.
    ///
    /// Each image is im2col + GEMM band by band of output rows, and every band of every image is a
    /// unit the threads take in turn (`ParallelLoop.withWorkers`): no sum crosses a band, and a single
    /// image's GEMM splits its columns by the shape alone, so the bits do not depend on the thread
    /// count. The bias and ReLU are applied to
    /// each band of output rows right after its GEMM, while it is in cache (the same additions as a
    /// separate pass, so the same bits).
    ///
    /// - Returns: a tensor of shape `outputShape(input: input.shape, weight: weight.shape)`.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, appliesReLU: Bool = false)
        -> Tensor
    {
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
        let tileRows = tileRows(layout)
        let columnCount = pointwise ? 0 : layout.rows * tileRows * layout.outputWidth
        let biasValues = bias.map { Array($0.scalars) }
        return Tensor.overwriting(shape: outputShape(input: input.shape, weight: weight.shape)) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { inBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    guard let inBase = inBuffer.baseAddress, let wBase = wBuffer.baseAddress else { return }
                    // Every band of output rows of every image is a unit of its own (no sum runs
                    // across them), so the threads share a layer in small units; each thread has
                    // one column buffer. A 1×1 convolution's image is one band.
                    let epilogue = Epilogue(bias: biasValues, appliesReLU: appliesReLU)
                    let bands = Self.outputBands(layout, tileRows: tileRows, whole: pointwise)
                    let units = ParallelLoop.ImageBands(batch: batch, bands: bands.count)
                    ParallelLoop.withWorkers(units: units.count) { next in
                        Self.withScratch(count: columnCount) { colBase in
                            while let unit = next() {
                                for (image, band) in units.members(of: unit) {
                                    Self.convolveBand(
                                        inBase + image * inputPlane, layout, outputRows: bands[band],
                                        weight: wBase, outChannels: outChannels,
                                        into: outBase + image * outputPlane, scratch: colBase,
                                        splitsAcrossThreads: batch == 1, epilogue: epilogue)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// What `forward` does to each band of output right after its GEMM: add a bias per output
    /// channel, then clamp at 0.
    struct Epilogue {
        var bias: [Float]?
        var appliesReLU: Bool

        /// Neither bias nor ReLU.
        static let none = Epilogue(bias: nil, appliesReLU: false)

        var isEmpty: Bool { bias == nil && !appliesReLU }

        /// Applies to `columns` output positions of each of `outChannels` rows, `rowStride` apart.
        func apply(
            to target: UnsafeMutablePointer<Float>, outChannels: Int, columns: Int, rowStride: Int
        ) {
            guard !isEmpty else { return }
            for channel in 0..<outChannels {
                let row = UnsafeMutableBufferPointer(start: target + channel * rowStride, count: columns)
                let shift = bias?[channel] ?? 0
                switch (bias != nil, appliesReLU) {
                case (true, true): Lanes.addThenClamp(row, adding: shift)
                case (true, false): Lanes.add(row, adding: shift)
                default: Lanes.clamp(row)
                }
            }
        }
    }

    /// The gradients of a loss with respect to input, weight and bias, given the gradient with respect
    /// to this convolution's output.
    ///
    /// The weight gradient: by Winograd's F(3×3, 2×2) where the forward pass takes Winograd
    /// (`Winograd3x3.weightGradient`), else per image im2col and `dW += dY_n · colsᵀ`. The input
    /// gradient (if asked): by Winograd where `winogradInputGradient` applies (3×3, stride 1,
    /// padding 1, at least 32 output channels); else with stride 1 as the convolution of `dY_n` with
    /// the flipped, transposed kernel (`inputGradientLayout`: im2col of `dY_n` and one GEMM straight
    /// into `dX_n`, no col2im), otherwise `dCols = Wᵀ · dY_n` and col2im. Large images go band by band
    /// of output rows (`tileRows`). The batch is split into `ParallelLoop.imagePieces(batch:)`
    /// contiguous image pieces, fixed by the batch size; each piece accumulates its own weight
    /// gradient in image order, and the pieces' sums are added in piece order, so the result is
    /// bit-identical at any thread count.
    ///
    /// - Parameters:
    ///   - gradOutput: `[N, Cout, Ho, Wo]`, shaped like `forward`'s output.
    ///   - input: the forward input `[N, Cin, H, W]`.
    ///   - weight: the forward weight `[Cout, Cin, kh, kw]`.
    ///   - computeInputGradient: pass `false` for a first layer to skip the input-gradient work.
    ///   - computeBiasGradient: pass `false` for a convolution without bias (the result's `bias` is
    ///     then zeros).
    /// - Returns: input gradient `[N, Cin, H, W]` (or `nil`), weight gradient `[Cout, Cin, kh, kw]`
    ///   summed over the batch, bias gradient `[Cout]`.
    public func backward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, computeInputGradient: Bool = true,
        computeBiasGradient: Bool = true
    ) -> ConvolutionGradients {
        _ = input.nchw("Convolution2D.backward input")
        let (outChannels, _, _, _) = weight.nchw("Convolution2D.backward weight")
        let expected = outputShape(input: input.shape, weight: weight.shape)
        precondition(
            gradOutput.shape == expected,
            "Convolution2D.backward: gradOutput shape \(gradOutput.shape), expected \(expected)")
        // Winograd where it applies (the input gradient from 32 output channels, the weight gradient
        // where the forward pass took it); im2col + GEMM for the rest.
        let biasGradient = { computeBiasGradient ? gradOutput.sumPerChannel() : Tensor(zeros: [outChannels]) }
        let winogradWeightApplies = Winograd3x3.applies(
            to: self, weightShape: weight.shape, inputShape: input.shape)
        let winogradInputWeight =
            computeInputGradient ? winogradInputGradientWeight(gradOutput, weight: weight) : nil
        if winogradWeightApplies, let winogradInputWeight {
            // Both by Winograd: one parallel region for the two.
            let both = Winograd3x3.gradients(
                input: input, gradOutput: gradOutput, transformedFlippedWeight: winogradInputWeight)
            return ConvolutionGradients(input: both.input, weight: both.weight, bias: biasGradient())
        }
        let winogradInput = winogradInputWeight.map {
            Self.winogradInputGradient(gradOutput, transformedFlippedWeight: $0, inChannels: weight.shape[1])
        }
        let winogradWeight =
            winogradWeightApplies ? Winograd3x3.weightGradient(input: input, gradOutput: gradOutput) : nil
        let needsInput = computeInputGradient && winogradInput == nil
        let im2col =
            needsInput || winogradWeight == nil
            ? im2colBackward(
                gradOutput: gradOutput, input: input, weight: weight, computeInputGradient: needsInput,
                computeWeightGradient: winogradWeight == nil) : nil
        return ConvolutionGradients(
            input: winogradInput ?? im2col?.input,
            weight: winogradWeight ?? im2col?.weight ?? Tensor(zeros: weight.shape),
            bias: biasGradient())
    }

    /// `backward`'s input and weight gradients by im2col and GEMM (each only if asked).
    private func im2colBackward(
        gradOutput: Tensor, input: Tensor, weight: Tensor, computeInputGradient: Bool,
        computeWeightGradient: Bool
    ) -> (input: Tensor?, weight: Tensor) {
        let (batch, _, _, _) = input.nchw("Convolution2D.backward input")
        let (outChannels, _, _, _) = weight.nchw("Convolution2D.backward weight")
        let layout = layout(input: input.shape, weight: weight.shape)
        let pointwise = isPointwise(layout)
        let inputPlane = layout.channels * layout.height * layout.width
        let outputPlane = outChannels * layout.columns
        let columnCount = pointwise ? 0 : layout.rows * layout.columns
        let tileRows = tileRows(layout)
        let tileCount = pointwise ? 0 : layout.rows * tileRows * layout.outputWidth
        // The input gradient as a convolution of dY with the flipped, transposed kernel, when that
        // convolution exists (stride 1); otherwise Wᵀ · dY and col2im.
        let gradientLayout =
            computeInputGradient && !pointwise ? inputGradientLayout(layout, outChannels: outChannels) : nil
        let flipped = gradientLayout.map { _ in Self.flippedTransposed(weight) }
        let gradientTileRows = gradientLayout.map { self.tileRows($0) } ?? 0
        let gradientBands =
            gradientLayout.map { Self.outputBands($0, tileRows: gradientTileRows, whole: false) } ?? []
        let scratchCount =
            gradientLayout.map { max(tileCount, $0.rows * gradientTileRows * $0.outputWidth) }
            ?? tileCount + (computeInputGradient ? columnCount : 0)
        let weightCount = weight.count
        let pieces = ParallelLoop.imagePieces(batch: batch)
        // Image piece w's partial weight gradient; piece 0 writes straight into the result.
        var partials = [Float](repeating: 0, count: computeWeightGradient ? (pieces - 1) * weightCount : 0)
        var gradWeight = Tensor(zeros: weight.shape)
        // Every element is written below: by a β = 0 GEMM (1×1, or the gradient convolution) or zeroed
        // per image before col2im.
        var gradInput: Tensor? = computeInputGradient ? Tensor.overwriting(shape: input.shape) { _ in } : nil

        func run(_ giBase: UnsafeMutablePointer<Float>?) {
            input.withUnsafeBufferPointer { inBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    (flipped ?? weight).withUnsafeBufferPointer { wBuffer in
                        partials.withUnsafeMutableBufferPointer { partialBuffer in
                            gradWeight.withUnsafeMutableBufferPointer { gwBuffer in
                                guard let inBase = inBuffer.baseAddress, let gBase = gBuffer.baseAddress,
                                    let wBase = wBuffer.baseAddress, let gwBase = gwBuffer.baseAddress
                                else { return }
                                let partialBase = partialBuffer.baseAddress
                                // With more than one image, the input gradient by the gradient
                                // convolution goes in units of one band of one image after the pieces
                                // (no sum crosses a band), filling the time the last weight-gradient
                                // piece takes; a single image keeps it in its piece, where its GEMMs
                                // split their columns over the threads instead.
                                let bandUnits = giBase != nil && batch > 1 ? batch * gradientBands.count : 0
                                ParallelLoop.withWorkers(units: pieces + bandUnits) { next in
                                    Self.withScratch(count: scratchCount) { scratch in
                                        while let unit = next() {
                                            if unit >= pieces, let giBase, let gradientLayout {
                                                let band = unit - pieces
                                                let image = band / gradientBands.count
                                                Self.convolveBand(
                                                    gBase + image * outputPlane, gradientLayout,
                                                    outputRows: gradientBands[band % gradientBands.count],
                                                    weight: wBase, outChannels: layout.channels,
                                                    into: giBase + image * inputPlane, scratch: scratch,
                                                    splitsAcrossThreads: false,
                                                    epilogue: .none)
                                                continue
                                            }
                                            let images = ParallelLoop.range(unit, of: pieces, count: batch)
                                            let dW =
                                                unit == 0
                                                ? gwBase : (partialBase ?? gwBase) + (unit - 1) * weightCount
                                            for image in images {
                                                let source = inBase + image * inputPlane
                                                let dY = gBase + image * outputPlane
                                                let splits = images.count == batch
                                                if computeWeightGradient {
                                                    Self.accumulateWeightGradient(
                                                        source, layout, tileRows: tileRows, gradient: dY,
                                                        outChannels: outChannels, into: dW, scratch: scratch,
                                                        overwrites: image == images.lowerBound,
                                                        splitsAcrossThreads: splits)
                                                }
                                                guard let giBase, bandUnits == 0 else { continue }
                                                let target = giBase + image * inputPlane
                                                if let gradientLayout {
                                                    // dX_n = W̃[Cin, Cout·kh·kw] · im2col(dY_n).
                                                    Self.convolveImage(
                                                        dY, gradientLayout, tileRows: gradientTileRows,
                                                        weight: wBase, outChannels: layout.channels,
                                                        into: target, scratch: scratch,
                                                        splitsAcrossThreads: splits)
                                                    continue
                                                }
                                                // dCols[K, P] = W[Cout, K]ᵀ · dY_n[Cout, P], then col2im.
                                                let gradColumns = scratch.map { $0 + tileCount } ?? target
                                                GEMM.multiply(
                                                    transposeA: true, transposeB: false,
                                                    m: layout.rows, n: layout.columns, k: outChannels,
                                                    alpha: 1, a: wBase, lda: layout.rows, b: dY,
                                                    ldb: layout.columns, beta: 0, c: gradColumns,
                                                    ldc: layout.columns, splitsAcrossThreads: splits)
                                                if scratch != nil {
                                                    target.update(repeating: 0, count: inputPlane)
                                                    Im2col.col2im(gradColumns, layout, into: target)
                                                }
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
            gradInput?.withUnsafeMutableBufferPointer { giBuffer in run(giBuffer.baseAddress) }
        } else {
            run(nil)
        }
        return (gradInput, gradWeight)
    }

    /// The column matrix of a large image is built and multiplied a band of output rows at a time,
    /// so that it stays in the core's cache between im2col and the GEMM that reads it: bands hold
    /// about `tileFloats` floats, and at least `tileMinimumColumns` output positions (narrower
    /// products lose more to OpenBLAS's packing of the weight than the cache saves). Images whose
    /// whole column matrix has at most `untiledFloats` floats are done in one piece.
    static let tileFloats = 1 << 16
    static let tileMinimumColumns = 256
    static let untiledFloats = 1 << 20

    /// The output rows per band for `layout` (all of them when the column matrix is small).
    func tileRows(_ layout: Im2col.Layout) -> Int {
        guard layout.rows * layout.columns > Self.untiledFloats && layout.outputWidth > 0 else {
            return Swift.max(1, layout.outputHeight)
        }
        let columns = Swift.max(Self.tileMinimumColumns, Self.tileFloats / Swift.max(1, layout.rows))
        return Swift.max(1, Swift.min(layout.outputHeight, columns / layout.outputWidth))
    }

    /// `target[outChannels, Ho·Wo] = weight[outChannels, K] · cols(source)` for one image, band by band
    /// of `tileRows` output rows (`scratch` holds one band's columns; `nil` for a 1×1 convolution,
    /// whose column matrix is the image itself).
    static func convolveImage(
        _ source: UnsafePointer<Float>, _ layout: Im2col.Layout, tileRows: Int, weight: UnsafePointer<Float>,
        outChannels: Int, into target: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>?,
        splitsAcrossThreads: Bool, epilogue: Epilogue = .none
    ) {
        for rows in outputBands(layout, tileRows: tileRows, whole: scratch == nil) {
            convolveBand(
                source, layout, outputRows: rows, weight: weight, outChannels: outChannels, into: target,
                scratch: scratch, splitsAcrossThreads: splitsAcrossThreads, epilogue: epilogue)
        }
    }

    /// The bands of `tileRows` output rows (the last one shorter) `convolveImage` goes through, in
    /// order; one band of all rows when `whole` (a 1×1 convolution).
    static func outputBands(_ layout: Im2col.Layout, tileRows: Int, whole: Bool) -> [Range<Int>] {
        guard !whole else { return [0..<layout.outputHeight] }
        return Swift.stride(from: 0, to: layout.outputHeight, by: tileRows).map {
            $0..<Swift.min(layout.outputHeight, $0 + tileRows)
        }
    }

    /// `convolveImage` for the output rows `rows` alone (all of them for a 1×1 convolution, whose
    /// `scratch` is `nil`); `target` is the image's whole output.
    static func convolveBand(
        _ source: UnsafePointer<Float>, _ layout: Im2col.Layout, outputRows rows: Range<Int>,
        weight: UnsafePointer<Float>, outChannels: Int, into target: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>?, splitsAcrossThreads: Bool, epilogue: Epilogue
    ) {
        guard let scratch else {
            GEMM.multiply(
                transposeA: false, transposeB: false, m: outChannels, n: layout.columns, k: layout.rows,
                alpha: 1, a: weight, lda: layout.rows, b: source, ldb: layout.columns, beta: 0, c: target,
                ldc: layout.columns, splitsAcrossThreads: splitsAcrossThreads)
            epilogue.apply(
                to: target, outChannels: outChannels, columns: layout.columns, rowStride: layout.columns)
            return
        }
        let columns = rows.count * layout.outputWidth
        let first = rows.lowerBound * layout.outputWidth
        Im2col.im2col(source, layout, outputRows: rows, into: scratch)
        GEMM.multiply(
            transposeA: false, transposeB: false, m: outChannels, n: columns, k: layout.rows, alpha: 1,
            a: weight, lda: layout.rows, b: scratch, ldb: columns, beta: 0, c: target + first,
            ldc: layout.columns, splitsAcrossThreads: splitsAcrossThreads)
        epilogue.apply(
            to: target + first, outChannels: outChannels, columns: columns, rowStride: layout.columns)
    }

    /// `dW[Cout, K] (+)= dY_n[Cout, P] · cols_n[K, P]ᵀ` for one image, band by band as in
    /// `convolveImage`; `overwrites` sets `dW` by the first band instead of adding to it.
    static func accumulateWeightGradient(
        _ source: UnsafePointer<Float>, _ layout: Im2col.Layout, tileRows: Int,
        gradient: UnsafePointer<Float>,
        outChannels: Int, into dW: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>?,
        overwrites: Bool, splitsAcrossThreads: Bool
    ) {
        guard let scratch else {
            GEMM.multiply(
                transposeA: false, transposeB: true, m: outChannels, n: layout.rows, k: layout.columns,
                alpha: 1, a: gradient, lda: layout.columns, b: source, ldb: layout.columns,
                beta: overwrites ? 0 : 1, c: dW, ldc: layout.rows, splitsAcrossThreads: splitsAcrossThreads)
            return
        }
        for first in Swift.stride(from: 0, to: layout.outputHeight, by: tileRows) {
            let rows = first..<Swift.min(layout.outputHeight, first + tileRows)
            let columns = rows.count * layout.outputWidth
            Im2col.im2col(source, layout, outputRows: rows, into: scratch)
            GEMM.multiply(
                transposeA: false, transposeB: true, m: outChannels, n: layout.rows, k: columns, alpha: 1,
                a: gradient + first * layout.outputWidth, lda: layout.columns, b: scratch, ldb: columns,
                beta: overwrites && first == 0 ? 0 : 1, c: dW, ldc: layout.rows,
                splitsAcrossThreads: splitsAcrossThreads)
        }
    }

    /// The input gradient by Winograd, when the gradient convolution (`dY` with the flipped,
    /// transposed kernel) is one `Winograd3x3` computes: for a 3×3, stride-1, padding-1 convolution it
    /// is again 3×3 with padding 1, of `Cout` input channels, so it applies from
    /// `Winograd3x3.minimumInputChannels` output channels on. `nil` otherwise. Equal to the im2col
    /// path up to rounding.
    func winogradInputGradient(_ gradOutput: Tensor, weight: Tensor) -> Tensor? {
        winogradInputGradientWeight(gradOutput, weight: weight).map {
            Self.winogradInputGradient(gradOutput, transformedFlippedWeight: $0, inChannels: weight.shape[1])
        }
    }

    /// The input gradient `[N, Cin, H, W]` by Winograd: `gradOutput` convolved with the transformed
    /// flipped kernel `winogradInputGradientWeight` gives.
    static func winogradInputGradient(
        _ gradOutput: Tensor, transformedFlippedWeight: [Float], inChannels: Int
    ) -> Tensor {
        Winograd3x3.forward(
            gradOutput, transformedWeight: transformedFlippedWeight, outChannels: inChannels, bias: nil,
            appliesReLU: false)
    }

    /// The transformed flipped kernel `winogradInputGradient` convolves `gradOutput` with, or `nil`
    /// where Winograd does not apply to that convolution.
    func winogradInputGradientWeight(_ gradOutput: Tensor, weight: Tensor) -> [Float]? {
        let (outChannels, inChannels, kh, kw) = weight.nchw("Convolution2D.backward weight")
        guard
            Winograd3x3.applies(
                to: self, weightShape: [inChannels, outChannels, kh, kw], inputShape: gradOutput.shape)
        else {
            return nil
        }
        return Winograd3x3.transformedWeight(Self.flippedTransposed(weight))
    }

    /// The im2col layout of the output gradient `[Cout, Ho, Wo]` for computing the input gradient as
    /// a convolution: with stride 1, `dX = conv(dY, W̃)` with padding `d·(k − 1) − p`, dilation `d`
    /// and `W̃[c, o, i, j] = W[o, c, kh − 1 − i, kw − 1 − j]`, whose output extent is the input's.
    /// `nil` when the stride is not 1 or the padding exceeds `d·(k − 1)` (then the transposed GEMM and
    /// col2im are used).
    func inputGradientLayout(_ layout: Im2col.Layout, outChannels: Int) -> Im2col.Layout? {
        let reach = dilation * (Swift.min(layout.kernelHeight, layout.kernelWidth) - 1)
        guard stride == 1 && padding <= reach && layout.kernelHeight == layout.kernelWidth else { return nil }
        return Im2col.Layout(
            channels: outChannels, height: layout.outputHeight, width: layout.outputWidth,
            kernelHeight: layout.kernelHeight, kernelWidth: layout.kernelWidth, stride: 1,
            padding: reach - padding, dilation: dilation, outputHeight: layout.height,
            outputWidth: layout.width)
    }

    /// `W̃[c, o, i, j] = W[o, c, kh − 1 − i, kw − 1 − j]`: the kernel of the input-gradient convolution.
    static func flippedTransposed(_ weight: Tensor) -> Tensor {
        let (outChannels, inChannels, kh, kw) = weight.nchw("Convolution2D.flippedTransposed")
        return Tensor.overwriting(shape: [inChannels, outChannels, kh, kw]) { out in
            weight.withUnsafeBufferPointer { source in
                // Each input channel's block of the result is written by one thread.
                ParallelLoop.forEachChunk(inChannels, minimumPerChunk: max(1, 2048 / max(1, outChannels))) {
                    channels in
                    for c in channels {
                        for o in 0..<outChannels {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    out[((c * outChannels + o) * kh + kh - 1 - i) * kw + kw - 1 - j] =
                                        source[((o * inChannels + c) * kh + i) * kw + j]
                                }
                            }
                        }
                    }
                }
            }
        }
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
