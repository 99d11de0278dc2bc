extension Winograd3x3 {
    /// The weight gradient of a 3×3, stride-1, padding-1 convolution by Winograd's F(3×3, 2×2):
    /// `dW[o, c, i, j] = Σ_{n, y, x} dY[n, o, y, x] · X[n, c, y + i − 1, x + j − 1]`, summed over the
    /// batch.
    ///
    /// Each 2×2 block `g` of `dY` (zero past the image) meets the 4×4 block `d` of the zero-bordered
    /// input that the forward pass's blocks read, and contributes the 3×3 correlation of `d` with
    /// `g`, which is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` with `Bᵀ` the forward transform's and
    ///
    ///     G = [1 0; ½ ½; ½ −½; 0 −1],  Aᵀ = [1 1 1 0; 0 1 −1 0; 0 1 1 1].
    ///
    /// (`G`'s last row and `Bᵀ`'s carry opposite signs to the textbook F(3, 2) pair, so that `Bᵀ`
    /// is the forward transform's; their product is unchanged.) The sum over blocks moves inside the
    /// brackets: per position ξ one GEMM `M_ξ[Cout, Cin] += U_ξ[Cout, blocks] · V_ξ[Cin, blocks]ᵀ`, 16
    /// multiplications per block and channel pair instead of im2col's 36 per 2×2 outputs, and one
    /// output transform per kernel at the end. The batch is split into `ParallelLoop`'s image pieces,
    /// whose sums are added in piece order, so the bits do not depend on the thread count. Equal to
    /// the im2col weight gradient up to rounding.
    ///
    /// - Parameters:
    ///   - input: `[N, Cin, H, W]`; `gradOutput`: `[N, Cout, H, W]`.
    /// - Returns: `[Cout, Cin, 3, 3]`.
    public static func weightGradient(input: Tensor, gradOutput: Tensor) -> Tensor {
        withWeightGradientPass(input: input, gradOutput: gradOutput) { pass in
            ParallelLoop.withWorkers(units: pass.units, pass.work)
        }
    }

    /// Both gradients of a Winograd convolution whose input gradient goes by Winograd too (the forward
    /// pass of the flipped kernel, transformed: `transformedFlippedWeight`), in one parallel region:
    /// the weight gradient's image pieces first, then the input gradient's bands, which fill the time
    /// the last piece takes. The same bits as `weightGradient` and `forward` one after the other.
    static func gradients(input: Tensor, gradOutput: Tensor, transformedFlippedWeight: [Float]) -> (
        input: Tensor, weight: Tensor
    ) {
        let inChannels = input.shape.count == 4 ? input.shape[1] : 0
        func inputGradientAlone() -> Tensor {
            forward(
                gradOutput, transformedWeight: transformedFlippedWeight, outChannels: inChannels, bias: nil,
                appliesReLU: false)
        }
        var inputGradient: Tensor?
        let weight = withWeightGradientPass(input: input, gradOutput: gradOutput) { weightPass in
            inputGradient = withForwardPass(
                gradOutput, transformedWeight: transformedFlippedWeight, outChannels: inChannels, bias: nil,
                appliesReLU: false
            ) { inputPass in
                ParallelLoop.together(
                    weightPass.units, weightPass.work, then: inputPass.units, inputPass.work)
            }
        }
        // An empty batch sets up no pass.
        return (inputGradient ?? inputGradientAlone(), weight)
    }

    /// Sets up the weight gradient's sums and the `WeightGradientPass` that fills them, calls `run`,
    /// which must run every unit of the pass, then adds the pieces' sums in piece order and transforms
    /// them into the gradient (`run` is not called for an empty batch).
    static func withWeightGradientPass(
        input: Tensor, gradOutput: Tensor, _ run: (WeightGradientPass) -> Void
    ) -> Tensor {
        let (batch, inChannels, height, width) = input.nchw("Winograd3x3.weightGradient input")
        let outChannels = gradOutput.shape.count == 4 ? gradOutput.shape[1] : 0
        precondition(
            gradOutput.shape == [batch, outChannels, height, width],
            "Winograd3x3.weightGradient: gradOutput \(gradOutput.shape) does not fit input \(input.shape)")
        guard batch > 0 else { return Tensor(zeros: [outChannels, inChannels, 3, 3]) }
        let pairs = outChannels * inChannels
        let pieces = ParallelLoop.imagePieces(batch: batch)
        // Piece p's 16 position sums, [Cout, Cin] each, at p · 16 · pairs. Left uninitialised: the
        // β = 0 GEMMs of each piece's first image and band write every element.
        var sums = [Float](unsafeUninitializedCapacity: pieces * 16 * pairs) { _, count in
            count = pieces * 16 * pairs
        }
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            input.withUnsafeBufferPointer { inBuffer in
                gradOutput.withUnsafeBufferPointer { gBuffer in
                    guard let sumBase = sumBuffer.baseAddress, let x = inBuffer.baseAddress,
                        let dY = gBuffer.baseAddress
                    else { return }
                    run(
                        WeightGradientPass(
                            input: x, gradOutput: dY, sums: sumBase,
                            shape: PassShape((batch, inChannels, height, width), outChannels: outChannels)))
                    ParallelLoop.addPieces(
                        sumBase + 16 * pairs, pieces: pieces - 1, count: 16 * pairs, into: sumBase)
                }
            }
        }
        return Tensor.overwriting(shape: [outChannels, inChannels, 3, 3]) { out in
            sums.withUnsafeBufferPointer { sumBuffer in
                guard let m = sumBuffer.baseAddress, let target = out.baseAddress else { return }
                ParallelLoop.forEachChunk(pairs, minimumPerChunk: 2048) { kernels in
                    for pair in kernels {
                        transformWeightGradient(m + pair, positionStride: pairs, into: target + pair * 9)
                    }
                }
            }
        }
    }

    /// `G g Gᵀ` of every 2×2 block of one output-gradient plane, copied into `padded` as the input
    /// planes are (pixel `(y, x)` at padded row `y + 1`, column `x + 1`, zeros past the image);
    /// position `ξ` of block `t` at `target[ξ · positionStride + t]`, as `transformInput` lays out.
    @inline(__always)
    static func transformGradient(
        _ padded: UnsafePointer<Float>, _ geometry: Geometry, tileRows rows: Range<Int>,
        into target: UnsafeMutablePointer<Float>, positionStride: Int
    ) {
        typealias Lane = SIMD8<Float>
        let stride = geometry.paddedWidth
        for tileRow in rows {
            for group in Swift.stride(from: 0, to: geometry.paddedTileColumns, by: lanes) {
                // Row r of the 8 blocks: the even lanes of 16 values are their left column, the odd
                // lanes their right one.
                @inline(__always)
                func row(_ r: Int) -> (Lane, Lane) {
                    let start = padded + (2 * tileRow + 1 + r) * stride + 1 + 2 * group
                    let values = UnsafeRawPointer(start).loadUnaligned(as: SIMD16<Float>.self)
                    return (values.evenHalf, values.oddHalf)
                }
                let (top, bottom) = (row(0), row(1))
                let tile = (tileRow - rows.lowerBound) * geometry.paddedTileColumns + group
                // Row k of G g (a left and a right value), times Gᵀ, stored at positions 4k…4k+3.
                @inline(__always)
                func emit(_ k: Int, _ left: Lane, _ right: Lane) {
                    let base = target + (4 * k) * positionStride + tile
                    store(left, base)
                    store((left + right) * 0.5, base + positionStride)
                    store((left - right) * 0.5, base + 2 * positionStride)
                    store(-right, base + 3 * positionStride)
                }
                emit(0, top.0, top.1)
                emit(1, (top.0 + bottom.0) * 0.5, (top.1 + bottom.1) * 0.5)
                emit(2, (top.0 - bottom.0) * 0.5, (top.1 - bottom.1) * 0.5)
                emit(3, -bottom.0, -bottom.1)
            }
        }
    }

    /// `Aᵀ M A` of one kernel's 16 summed positions (`m[ξ · positionStride]`, ξ = 4i + j), the 3×3
    /// weight gradient written row by row into `target`.
    static func transformWeightGradient(
        _ m: UnsafePointer<Float>, positionStride: Int, into target: UnsafeMutablePointer<Float>
    ) {
        func at(_ i: Int, _ j: Int) -> Float { m[(4 * i + j) * positionStride] }
        // The three rows of Aᵀ M, four columns each.
        var top = SIMD4<Float>()
        var middle = SIMD4<Float>()
        var bottom = SIMD4<Float>()
        for j in 0..<4 {
            let (m0, m1, m2, m3) = (at(0, j), at(1, j), at(2, j), at(3, j))
            top[j] = m0 + m1 + m2
            middle[j] = m1 - m2
            bottom[j] = m1 + m2 + m3
        }
        // Each row times A.
        func write(_ row: Int, _ t: SIMD4<Float>) {
            target[3 * row] = t[0] + t[1] + t[2]
            target[3 * row + 1] = t[1] - t[2]
            target[3 * row + 2] = t[1] + t[2] + t[3]
        }
        write(0, top)
        write(1, middle)
        write(2, bottom)
    }
}
