/// A 3×3 convolution with stride 1, padding 1 and dilation 1 by Winograd's minimal filtering
/// F(2×2, 3×3) (Lavin and Gray, 2016): each 2×2 block of output comes from a 4×4 block of input
/// with 16 multiplications per input-output channel pair instead of 36.
///
/// With the transforms `Bᵀ`, `G`, `Aᵀ` below, one output block is
/// `Y = Aᵀ [Σ_c (G g_{o,c} Gᵀ) ⊙ (Bᵀ d_c B)] A`; the channel sum of each of the 16 positions is one
/// GEMM `U_ξ [Cout × Cin] · V_ξ [Cin × tiles]`, so the work is 16 GEMMs per image of a quarter of
/// im2col's depth-times-area plus the transforms, done band by band of tile rows (`bandRows`).
/// Results equal `Convolution2D(padding: 1)` up to rounding (the transforms add and halve in another
/// order). The same kernel computes the input gradient of such a convolution (with the flipped
/// kernel, `Convolution2D.winogradInputGradient`); `weightGradient` is its F(3×3, 2×2) counterpart.
///
/// Layouts as `Convolution2D`: input `[N, Cin, H, W]`, weight `[Cout, Cin, 3, 3]`, output
/// `[N, Cout, H, W]`; odd `H` or `W` are padded to whole blocks and the extra row or column dropped.
public enum Winograd3x3 {
    /// The fewest input channels for which Winograd beats im2col + GEMM here: each of its 16 GEMMs
    /// has depth `Cin`, and below 32 OpenBLAS runs them too far from its peak. Measured on the
    /// reference U-Net's inference (`msdb bench train`, 1 thread): im2col everywhere 52.9 img/s;
    /// Winograd from 1, 16, 32, 64 input channels 61.3, 62.6, 65.4, 60.4 img/s.
    public static let minimumInputChannels = 32

    /// The smallest height and width for which Winograd is used. Below it the 2×2 blocks, padded to
    /// whole groups of 8 per row, do more multiplications than im2col (a 4×4 image: 16 positions ×
    /// 16 padded blocks against 9 taps × 16 pixels; 8×8: 16 × 32 against 9 × 64), and in training the
    /// weight transform, redone every step, is not spread over enough pixels. Measured on the quick
    /// profile's U-Net (64×64 images, levels down to 4×4, 1 thread): a training run took 4.72 s of
    /// user time with Winograd from 1 pixel and 4.02 s from 16.
    public static let minimumExtent = 16

    /// Whether `convolution` with a weight of `weightShape` on an input of `inputShape` (NCHW) is
    /// one this kernel computes and should: 3×3, stride 1, padding 1, dilation 1, at least
    /// `minimumInputChannels` input channels, at least `minimumExtent` rows and columns.
    public static func applies(to convolution: Convolution2D, weightShape: [Int], inputShape: [Int]) -> Bool {
        weightShape.count == 4 && weightShape[2] == 3 && weightShape[3] == 3 && convolution.stride == 1
            && convolution.padding == 1 && convolution.dilation == 1
            && weightShape[1] >= minimumInputChannels && inputShape.count == 4
            && inputShape[2] >= minimumExtent && inputShape[3] >= minimumExtent
    }

    /// `G g Gᵀ` of every `[Cout, Cin]` kernel, as 16 matrices `[Cout, Cin]` (position-major).
    public static func transformedWeight(_ weight: Tensor) -> [Float] {
        let (outChannels, inChannels, kh, kw) = weight.nchw("Winograd3x3 weight")
        precondition(kh == 3 && kw == 3, "Winograd3x3: a 3×3 kernel is needed, got \(kh)×\(kw)")
        let pairs = outChannels * inChannels
        return [Float](unsafeUninitializedCapacity: 16 * pairs) { result, initializedCount in
            weight.withUnsafeBufferPointer { source in
                guard let g = source.baseAddress, let out = result.baseAddress else { return }
                // Each kernel is transformed alone, so the kernels split over the threads.
                ParallelLoop.forEachChunk(pairs, minimumPerChunk: 2048) { kernels in
                    for pair in kernels {
                        let k = g + pair * 9
                        // G g: 4 rows of 3 values, one SIMD4 per kernel column (lanes are the 4 rows).
                        @inline(__always)
                        func column(_ c: Int) -> SIMD4<Float> {
                            let (a, b, d) = (k[c], k[3 + c], k[6 + c])
                            return SIMD4(a, (a + b + d) * 0.5, (a - b + d) * 0.5, d)
                        }
                        let (c0, c1, c2) = (column(0), column(1), column(2))
                        // (G g) Gᵀ: row r is [c0, (c0 + c1 + c2)/2, (c0 − c1 + c2)/2, c2] at lane r.
                        let columns = (c0, (c0 + c1 + c2) * 0.5, (c0 - c1 + c2) * 0.5, c2)
                        for row in 0..<4 {
                            let position = out + (row * 4) * pairs + pair
                            position[0] = columns.0[row]
                            position[pairs] = columns.1[row]
                            position[2 * pairs] = columns.2[row]
                            position[3 * pairs] = columns.3[row]
                        }
                    }
                }
            }
            initializedCount = 16 * pairs
        }
    }

    /// The convolution of `input` with the weight `transformed` by `transformedWeight` (of
    /// `outChannels` output channels), plus `bias` per channel if given, then `max(·, 0)` if
    /// `appliesReLU` (NaN kept, as `Activation.relu`).
    public static func forward(
        _ input: Tensor, transformedWeight transformed: [Float], outChannels: Int, bias: [Float]?,
        appliesReLU: Bool
    ) -> Tensor {
        withForwardPass(
            input, transformedWeight: transformed, outChannels: outChannels, bias: bias,
            appliesReLU: appliesReLU
        ) { pass in ParallelLoop.withWorkers(units: pass.units, pass.work) }
    }

    /// Sets up `forward`'s output and the `ForwardPass` that writes it, calls `run`, which must run
    /// every unit of the pass, and returns the output.
    static func withForwardPass(
        _ input: Tensor, transformedWeight transformed: [Float], outChannels: Int, bias: [Float]?,
        appliesReLU: Bool, _ run: (ForwardPass) -> Void
    ) -> Tensor {
        let (batch, inChannels, height, width) = input.nchw("Winograd3x3 input")
        precondition(
            transformed.count == 16 * outChannels * inChannels,
            "Winograd3x3: \(transformed.count) weight values for \(outChannels)×\(inChannels) channels")
        return Tensor.overwriting(shape: [batch, outChannels, height, width]) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { source in
                transformed.withUnsafeBufferPointer { weights in
                    guard let inBase = source.baseAddress, let u = weights.baseAddress else { return }
                    run(
                        ForwardPass(
                            input: inBase, transformedWeight: u, output: outBase,
                            shape: PassShape((batch, inChannels, height, width), outChannels: outChannels),
                            bias: bias, appliesReLU: appliesReLU))
                }
            }
        }
    }

    /// The most floats the transformed input or output of one band of tile rows may take (512 KiB),
    /// so that a band's 16 GEMMs read it from the core's cache: `forward` goes band by band.
    static let bandFloats = 1 << 17

    /// The tile rows per band for `channels` (the larger channel count) on `geometry`.
    static func bandRows(_ geometry: Geometry, channels: Int) -> Int {
        Swift.max(
            1,
            Swift.min(
                geometry.tileRows, bandFloats / Swift.max(1, 16 * channels * geometry.paddedTileColumns)))
    }

    /// Eight tiles side by side are transformed at once (one per vector lane).
    static let lanes = 8

    /// The image's extent, its 2×2 output blocks (tiles), and the zero-bordered copy of a plane the
    /// input transform reads: row `r`, column `c` of the copy is pixel `(r − 1, c − 1)`, and each tile
    /// row is padded to whole groups of `lanes` tiles.
    struct Geometry {
        let height: Int
        let width: Int
        var tileRows: Int { (height + 1) / 2 }
        var tileColumns: Int { (width + 1) / 2 }
        var paddedTileColumns: Int { (tileColumns + lanes - 1) / lanes * lanes }
        var paddedTiles: Int { tileRows * paddedTileColumns }
        var paddedWidth: Int { 2 * paddedTileColumns + 2 }
        var paddedHeight: Int { 2 * tileRows + 2 }
        var paddedCount: Int { paddedWidth * paddedHeight }

        /// Zeroed room for `channels` padded planes, `paddedCount` floats apart (deallocate it).
        func allocatePlanes(_ channels: Int) -> UnsafeMutablePointer<Float> {
            let planes = UnsafeMutablePointer<Float>.allocate(capacity: channels * paddedCount)
            planes.initialize(repeating: 0, count: channels * paddedCount)
            return planes
        }

        /// Copies the `channels` planes of `image` (CHW) into their padded planes in `planes`.
        func pad(channels: Int, of image: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
            pad(channels: channels, of: image, tileRows: 0..<tileRows, into: planes)
        }

        /// Copies the pixel rows that tile rows `rows` read (padded rows `2·rows.lowerBound` through
        /// `2·rows.upperBound + 1`) of the `channels` planes of `image` into their padded planes. The
        /// border is never written, so it stays zero while the planes are reused for other bands.
        func pad(
            channels: Int, of image: UnsafePointer<Float>, tileRows rows: Range<Int>,
            into planes: UnsafeMutablePointer<Float>
        ) {
            let pixelRows = Swift.max(0, 2 * rows.lowerBound - 1)..<Swift.min(height, 2 * rows.upperBound + 1)
            for channel in 0..<channels {
                let plane = image + channel * height * width
                let padded = planes + channel * paddedCount
                for y in pixelRows {
                    (padded + (y + 1) * paddedWidth + 1).update(from: plane + y * width, count: width)
                }
            }
        }

        /// The tile rows in bands of `bandRows` (the last one shorter), in order.
        func bands(of bandRows: Int) -> [Range<Int>] {
            Swift.stride(from: 0, to: tileRows, by: bandRows).map { $0..<Swift.min(tileRows, $0 + bandRows) }
        }
    }

    /// `Bᵀ d B` of every 4×4 block of the padded plane (tile `(ty, tx)` reads padded rows `2ty…2ty+3`
    /// and columns `2tx…2tx+3`), position `ξ` of tile `t` at `target[ξ · positionStride + t]`.
    @inline(__always)
    static func transformInput(
        _ padded: UnsafePointer<Float>, _ geometry: Geometry, tileRows rows: Range<Int>,
        into target: UnsafeMutablePointer<Float>, positionStride: Int
    ) {
        typealias Lane = SIMD8<Float>
        let stride = geometry.paddedWidth
        for tileRow in rows {
            for group in Swift.stride(from: 0, to: geometry.paddedTileColumns, by: lanes) {
                // Row r of the 8 blocks: columns 0 and 1 are the even and odd lanes of 16 values from
                // column 2·group, columns 2 and 3 those of 16 values from two further on.
                @inline(__always)
                func row(_ r: Int) -> (Lane, Lane, Lane, Lane) {
                    let start = padded + (2 * tileRow + r) * stride + 2 * group
                    let near = UnsafeRawPointer(start).loadUnaligned(as: SIMD16<Float>.self)
                    let far = UnsafeRawPointer(start + 2).loadUnaligned(as: SIMD16<Float>.self)
                    return (near.evenHalf, near.oddHalf, far.evenHalf, far.oddHalf)
                }
                let (d0, d1, d2, d3) = (row(0), row(1), row(2), row(3))
                let tile = (tileRow - rows.lowerBound) * geometry.paddedTileColumns + group
                // Row i of Bᵀ d (four lanes of columns), times B, stored at positions 4i…4i+3.
                @inline(__always)
                func emit(_ i: Int, _ t: (Lane, Lane, Lane, Lane)) {
                    let base = target + (4 * i) * positionStride + tile
                    store(t.0 - t.2, base)
                    store(t.1 + t.2, base + positionStride)
                    store(t.2 - t.1, base + 2 * positionStride)
                    store(t.1 - t.3, base + 3 * positionStride)
                }
                emit(0, (d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3))
                emit(1, (d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3))
                emit(2, (d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3))
                emit(3, (d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3))
            }
        }
    }

    /// `Aᵀ m A` of every tile of one output channel (position `ξ` of tile `t` at
    /// `source[ξ · positionStride + t]`), plus `bias`, clamped at 0 if `appliesReLU`, written into the
    /// channel's output plane (the rows and columns past the image dropped).
    @inline(__always)
    static func transformOutput(
        _ source: UnsafePointer<Float>, _ geometry: Geometry, tileRows rows: Range<Int>,
        positionStride: Int,
        bias: Float, appliesReLU: Bool, into plane: UnsafeMutablePointer<Float>
    ) {
        typealias Lane = SIMD8<Float>
        let (height, width) = (geometry.height, geometry.width)
        let shift = Lane(repeating: bias)
        @inline(__always)
        func finish(_ value: Lane) -> Lane {
            let shifted = value + shift
            return appliesReLU ? shifted.replacing(with: 0, where: shifted .< 0) : shifted
        }
        for tileRow in rows {
            for group in Swift.stride(from: 0, to: geometry.paddedTileColumns, by: lanes) {
                let tile = (tileRow - rows.lowerBound) * geometry.paddedTileColumns + group
                @inline(__always)
                func m(_ position: Int) -> Lane {
                    UnsafeRawPointer(source + position * positionStride + tile).loadUnaligned(as: Lane.self)
                }
                // Aᵀ m, column j: the top row m_0j + m_1j + m_2j, the bottom row m_1j − m_2j − m_3j.
                @inline(__always)
                func column(_ j: Int) -> (top: Lane, bottom: Lane) {
                    let (m0, m1, m2, m3) = (m(j), m(4 + j), m(8 + j), m(12 + j))
                    return (m0 + m1 + m2, m1 - m2 - m3)
                }
                let (s0, s1, s2, s3) = (column(0), column(1), column(2), column(3))
                let sTop = (s0.top, s1.top, s2.top, s3.top)
                let sBottom = (s0.bottom, s1.bottom, s2.bottom, s3.bottom)
                // Each row times A.
                let y00 = finish(sTop.0 + sTop.1 + sTop.2)
                let y01 = finish(sTop.1 - sTop.2 - sTop.3)
                let y10 = finish(sBottom.0 + sBottom.1 + sBottom.2)
                let y11 = finish(sBottom.1 - sBottom.2 - sBottom.3)
                let y = 2 * tileRow
                let x = 2 * group
                var top = SIMD16<Float>()
                top.evenHalf = y00
                top.oddHalf = y01
                var bottom = SIMD16<Float>()
                bottom.evenHalf = y10
                bottom.oddHalf = y11
                if x + 16 <= width {
                    UnsafeMutableRawPointer(plane + y * width + x).storeBytes(of: top, as: SIMD16<Float>.self)
                    if y + 1 < height {
                        UnsafeMutableRawPointer(plane + (y + 1) * width + x).storeBytes(
                            of: bottom, as: SIMD16<Float>.self)
                    }
                } else {
                    for lane in 0..<16 where x + lane < width {
                        plane[y * width + x + lane] = top[lane]
                        if y + 1 < height { plane[(y + 1) * width + x + lane] = bottom[lane] }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
