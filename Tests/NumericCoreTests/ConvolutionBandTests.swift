import Testing

@testable import NumericCore

/// Images large enough that `Convolution2D` builds its column matrix in bands of output rows, checked
/// against direct Double loops for the output, the weight gradient and the input gradient.
struct ConvolutionBandTests {
    /// (padding, dilation) of a 3×3 stride-1 convolution on a 16-channel 96×80 image: 144 × 7,680
    /// column entries, above the single-piece limit, so forward, weight gradient and the input
    /// gradient (itself a 3×3 convolution of 16 channels) all go in bands, the last one partial.
    static let geometries: [(Int, Int)] = [(1, 1), (2, 2), (0, 1)]

    @Test(arguments: 0..<geometries.count)
    func bandedForwardAndBackwardMatchDirectLoops(geometryIndex: Int) {
        let (padding, dilation) = Self.geometries[geometryIndex]
        var fixtures = FixtureGenerator(seed: UInt64(400 + geometryIndex))
        let input = fixtures.tensor([2, 16, 96, 80])
        let weight = fixtures.tensor([16, 16, 3, 3])
        let convolution = Convolution2D(padding: padding, dilation: dilation)
        let output = convolution.forward(input, weight: weight)
        let expected = Reference.convolution(
            input: input.doubles, inputShape: input.shape, weight: weight.doubles, weightShape: weight.shape,
            bias: nil, stride: 1, padding: padding, dilation: dilation)
        #expect(output.shape == expected.shape)
        // 144 Float32 products of values in [-1, 1) per output: error below 1e-4.
        expectClose(output.scalars, expected.values, absolute: 1e-4, relative: 1e-5, "banded forward")

        let gradOutput = fixtures.tensor(output.shape)
        let gradients = convolution.backward(gradOutput: gradOutput, input: input, weight: weight)
        let (gradInput, gradWeight) = Self.directGradients(
            input: input, weight: weight, gradOutput: gradOutput, padding: padding, dilation: dilation)
        // Weight gradient: 2·Ho·Wo ≈ 15k products per entry, error well below 1e-2.
        expectClose(gradients.weight.scalars, gradWeight, absolute: 1e-2, relative: 1e-4, "banded d weight")
        // Input gradient: 144 products per entry.
        expectClose(
            gradients.input?.scalars ?? [], gradInput, absolute: 1e-4, relative: 1e-5, "banded d input")
    }

    /// `dX` and `dW` of a stride-1 convolution without bias, by the definition's sums in Double.
    static func directGradients(
        input: Tensor, weight: Tensor, gradOutput: Tensor, padding: Int, dilation: Int
    ) -> (input: [Double], weight: [Double]) {
        let (n, cin, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (cout, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let (ho, wo) = (gradOutput.shape[2], gradOutput.shape[3])
        let (x, wt, dy) = (input.doubles, weight.doubles, gradOutput.doubles)
        var dx = [Double](repeating: 0, count: x.count)
        var dw = [Double](repeating: 0, count: wt.count)
        for image in 0..<n {
            for o in 0..<cout {
                for c in 0..<cin {
                    for i in 0..<kh {
                        for j in 0..<kw {
                            let wIndex = ((o * cin + c) * kh + i) * kw + j
                            var sum = 0.0
                            for y in 0..<ho {
                                let iy = y - padding + i * dilation
                                guard iy >= 0 && iy < h else { continue }
                                for column in 0..<wo {
                                    let ix = column - padding + j * dilation
                                    guard ix >= 0 && ix < w else { continue }
                                    let g = dy[((image * cout + o) * ho + y) * wo + column]
                                    let xIndex = ((image * cin + c) * h + iy) * w + ix
                                    sum += g * x[xIndex]
                                    dx[xIndex] += g * wt[wIndex]
                                }
                            }
                            dw[wIndex] += sum
                        }
                    }
                }
            }
        }
        return (dx, dw)
    }

    /// A 3×3 padding-1 convolution with 32 output channels: its input gradient is a 3×3 convolution
    /// of 32 channels, which `Winograd3x3` computes (odd extents pad to whole 2×2 blocks). Checked
    /// against the definition's sums in Double, and the weight gradient with it.
    @Test func theInputGradientByWinogradMatchesDirectLoops() {
        var fixtures = FixtureGenerator(seed: 410)
        let input = fixtures.tensor([3, 8, 17, 19])
        let weight = fixtures.tensor([32, 8, 3, 3])
        let convolution = Convolution2D(padding: 1)
        #expect(convolution.winogradInputGradient(fixtures.tensor([3, 32, 17, 19]), weight: weight) != nil)
        let gradOutput = fixtures.tensor([3, 32, 17, 19])
        let gradients = convolution.backward(gradOutput: gradOutput, input: input, weight: weight)
        let (gradInput, gradWeight) = Self.directGradients(
            input: input, weight: weight, gradOutput: gradOutput, padding: 1, dilation: 1)
        #expect(gradients.input?.shape == input.shape)
        // 288 products per entry, and Winograd's transforms add a few roundings.
        expectClose(
            gradients.input?.scalars ?? [], gradInput, absolute: 1e-4, relative: 1e-4, "Winograd d input")
        expectClose(gradients.weight.scalars, gradWeight, absolute: 1e-3, relative: 1e-4, "d weight")
        // Fewer output channels, or another padding, keep the im2col path.
        #expect(
            Convolution2D(padding: 1).winogradInputGradient(
                gradOutput, weight: fixtures.tensor([16, 8, 3, 3])) == nil)
        #expect(
            Convolution2D(padding: 2, dilation: 2).winogradInputGradient(gradOutput, weight: weight) == nil)
    }

    /// 32 input channels on images of 16 pixels or more: the weight gradient goes by Winograd's
    /// F(3×3, 2×2); with 16 output channels the input gradient stays im2col, with 32 both are
    /// Winograd. Odd extents, batches of 1, 2 and 3 (as many image pieces), and an image of 3 bands
    /// of tile rows (`Winograd3x3.bandRows`: 8 rows of 16 padded tiles at 64 channels).
    @Test(arguments: [
        ([3, 32, 17, 19], 16), ([1, 32, 16, 21], 32), ([2, 40, 18, 16], 33), ([2, 64, 41, 20], 32),
    ])
    func theWeightGradientByWinogradMatchesDirectLoops(inputShape: [Int], outChannels: Int) {
        var fixtures = FixtureGenerator(seed: 420 + UInt64(outChannels))
        let input = fixtures.tensor(inputShape)
        let weight = fixtures.tensor([outChannels, inputShape[1], 3, 3])
        let convolution = Convolution2D(padding: 1)
        #expect(Winograd3x3.applies(to: convolution, weightShape: weight.shape, inputShape: input.shape))
        let gradOutput = fixtures.tensor([inputShape[0], outChannels, inputShape[2], inputShape[3]])
        let gradients = convolution.backward(gradOutput: gradOutput, input: input, weight: weight)
        let (gradInput, gradWeight) = Self.directGradients(
            input: input, weight: weight, gradOutput: gradOutput, padding: 1, dilation: 1)
        // Up to 3·21·19 ≈ 1,200 products per weight entry, plus the transforms' roundings.
        expectClose(gradients.weight.scalars, gradWeight, absolute: 2e-3, relative: 1e-4, "Winograd d weight")
        expectClose(
            gradients.input?.scalars ?? [], gradInput, absolute: 2e-4, relative: 1e-4, "d input")
        // Without the input gradient the weight gradient is the same.
        let weightOnly = convolution.backward(
            gradOutput: gradOutput, input: input, weight: weight, computeInputGradient: false)
        #expect(weightOnly.input == nil)
        #expect(weightOnly.weight.scalars.map(\.bitPattern) == gradients.weight.scalars.map(\.bitPattern))
    }
}
