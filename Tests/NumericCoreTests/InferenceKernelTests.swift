import NumericCore
import Testing

/// The inference-only kernels: the convolution's bias-and-ReLU epilogue, batch norm folded into a
/// convolution, and max-pooling without the argmax.
struct InferenceKernelTests {
    @Test(arguments: 0..<ConvolutionTests.geometries.count)
    func theEpilogueGivesReluOfTheConvolutionPlusBiasBitForBit(geometryIndex: Int) {
        let (stride, padding, dilation, kh, kw) = ConvolutionTests.geometries[geometryIndex]
        var fixtures = FixtureGenerator(seed: UInt64(300 + geometryIndex))
        let input = fixtures.tensor([3, 3, 9, 7])
        let weight = fixtures.tensor([5, 3, kh, kw])
        let bias = fixtures.tensor([5])
        let convolution = Convolution2D(stride: stride, padding: padding, dilation: dilation)
        var separate = convolution.forward(input, weight: weight)
        separate.addChannelwise(bias)
        let withBias = convolution.forward(input, weight: weight, bias: bias)
        #expect(withBias.scalars.map(\.bitPattern) == separate.scalars.map(\.bitPattern))
        let fused = convolution.forward(input, weight: weight, bias: bias, appliesReLU: true)
        #expect(fused.scalars.map(\.bitPattern) == Activation.relu(separate).scalars.map(\.bitPattern))
        let reluOnly = convolution.forward(input, weight: weight, appliesReLU: true)
        let plain = convolution.forward(input, weight: weight)
        #expect(reluOnly == Activation.relu(plain))
        #expect(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 }, "both sides of the clamp")
    }

    @Test(arguments: [true, false])
    func batchNormFoldedIntoTheConvolutionMatchesTheTwoStepsWithinRounding(hasBias: Bool) {
        var fixtures = FixtureGenerator(seed: hasBias ? 41 : 42)
        let input = fixtures.tensor([2, 3, 8, 8])
        let weight = fixtures.tensor([4, 3, 3, 3])
        let bias = hasBias ? fixtures.tensor([4]) : nil
        let gamma = Tensor(shape: [4], scalars: [0.9, 1.3, -0.4, 2.0])
        let beta = Tensor(shape: [4], scalars: [0.1, -0.2, 0.3, 0])
        let mean = Tensor(shape: [4], scalars: [0.2, -0.1, 0.05, 0.4])
        let variance = Tensor(shape: [4], scalars: [0.5, 2.0, 0.01, 1.5])
        let convolution = Convolution2D(padding: 1)
        let twoSteps = BatchNormalization.forwardInference(
            convolution.forward(input, weight: weight, bias: bias), gamma: gamma, beta: beta,
            runningMean: mean, runningVariance: variance, appliesReLU: true)
        let folded = BatchNormalization.foldedIntoConvolution(
            weight: weight, bias: bias, gamma: gamma, beta: beta, runningMean: mean, runningVariance: variance
        )
        let once = convolution.forward(input, weight: folded.weight, bias: folded.bias, appliesReLU: true)
        // 27 products in [-1, 1) times a scale of at most 2/√0.01 = 20: rounding below 1e-4.
        expectClose(once.doubles, twoSteps.doubles, absolute: 1e-4, relative: 1e-5, "folded batch norm")
        // The folded bias by hand for channel 2: (b − 0.05) · (−0.4 / √0.02) + 0.3.
        let scale = -0.4 / (Float(0.01) + 1e-5).squareRoot()
        let expectedBias = ((bias?.scalars[2] ?? 0) - 0.05) * scale + 0.3
        #expect(abs(folded.bias.scalars[2] - expectedBias) <= 1e-5 * abs(expectedBias) + 1e-6)
    }

    /// Narrow planes take the scalar loop; wide ones (37 columns: two groups of 8 windows and a tail of
    /// 2, the odd last column dropped) the vector one. NaN, ties and signed zeros in both.
    @Test(arguments: [[2, 3, 6, 5], [2, 2, 7, 37]])
    func maxPoolValuesEqualTheForwardPasssOutputNaNAndTiesIncluded(shape: [Int]) {
        var fixtures = FixtureGenerator(seed: 7)
        var input = fixtures.tensor(shape)
        input[0, 1, 2, 3] = .nan
        input[1, 1, 0, 0] = 0.5
        input[1, 1, 0, 1] = 0.5
        input[1, 1, 2, 0] = -0.0
        input[1, 1, 2, 1] = 0.0
        input[1, 1, 3, 0] = -1
        input[1, 1, 3, 1] = -1
        if shape[3] > 16 {
            input[0, 0, 4, 20] = .nan
            input[0, 0, 5, 21] = .nan
            input[1, 0, 1, 33] = .infinity
        }
        let expected = MaxPool2x2.forward(input).output
        let values = MaxPool2x2.values(input)
        #expect(values.shape == expected.shape)
        #expect(values.scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern))
        #expect(values.scalars.contains { $0.isNaN })
    }
}

/// Winograd's F(2×2, 3×3) against the im2col convolution, on sizes that exercise the padded tile
/// groups (widths not a multiple of 16, odd heights and widths, one-pixel images).
struct WinogradTests {
    static let shapes: [(batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int)] = [
        (2, 3, 5, 8, 8), (1, 4, 2, 7, 9), (3, 1, 4, 1, 1), (2, 16, 16, 16, 34), (1, 2, 3, 33, 17),
        // Bands of tile rows (`Winograd3x3.bandRows`): 8 rows of 16 padded tiles at 64 channels, so
        // 41 rows (21 tile rows) are bands of 8, 8 and 5.
        (2, 64, 48, 41, 20),
    ]

    @Test(arguments: 0..<shapes.count)
    func winogradMatchesTheIm2colConvolutionWithinRounding(shapeIndex: Int) {
        let shape = Self.shapes[shapeIndex]
        var fixtures = FixtureGenerator(seed: UInt64(500 + shapeIndex))
        let input = fixtures.tensor([shape.batch, shape.inChannels, shape.height, shape.width])
        let weight = fixtures.tensor([shape.outChannels, shape.inChannels, 3, 3])
        let bias = fixtures.tensor([shape.outChannels])
        let convolution = Convolution2D(padding: 1)
        for relu in [false, true] {
            let expected = convolution.forward(input, weight: weight, bias: bias, appliesReLU: relu)
            let actual = Winograd3x3.forward(
                input, transformedWeight: Winograd3x3.transformedWeight(weight),
                outChannels: shape.outChannels,
                bias: bias.scalars, appliesReLU: relu)
            #expect(actual.shape == expected.shape)
            // 9·Cin products of values in [-1, 1) plus the transforms' few additions and halvings.
            expectClose(
                actual.doubles, expected.doubles, absolute: 2e-5 * Double(shape.inChannels), relative: 1e-5,
                "winograd \(shape) relu \(relu)")
        }
    }

    @Test func otherGeometriesShallowInputsAndSmallImagesAreLeftToIm2col() {
        func applies(_ convolution: Convolution2D, _ weight: [Int], side: Int = 16) -> Bool {
            Winograd3x3.applies(
                to: convolution, weightShape: weight, inputShape: [2, weight[1], side, side + 1])
        }
        #expect(applies(Convolution2D(padding: 1), [8, 32, 3, 3]))
        #expect(!applies(Convolution2D(padding: 1), [8, 31, 3, 3]))
        #expect(!applies(Convolution2D(stride: 2, padding: 1), [4, 64, 3, 3]))
        #expect(!applies(Convolution2D(padding: 2, dilation: 2), [4, 64, 3, 3]))
        #expect(!applies(Convolution2D(padding: 1), [4, 64, 1, 1]))
        #expect(!applies(Convolution2D(), [4, 64, 3, 3]))
        #expect(!applies(Convolution2D(padding: 1), [8, 64, 3, 3], side: 15))
        #expect(
            !Winograd3x3.applies(
                to: Convolution2D(padding: 1), weightShape: [8, 64, 3, 3], inputShape: [1, 64, 32, 8]))
    }
}
