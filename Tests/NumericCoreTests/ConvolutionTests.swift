import NumericCore
import Testing

struct ConvolutionTests {
    /// Geometries exercised against the reference: (stride, padding, dilation, kh, kw).
    static let geometries: [(Int, Int, Int, Int, Int)] = [
        (1, 0, 1, 3, 3), (1, 1, 1, 3, 3), (2, 1, 1, 3, 3), (1, 2, 2, 3, 3), (2, 0, 1, 1, 1),
        (1, 0, 1, 1, 1), (3, 2, 2, 2, 3), (2, 3, 1, 3, 2),
    ]

    @Test func a3x3ConvolutionOfA4x4RampGivesTheHandComputedValues() {
        // x[i, j] = 4i + j + 1, w[i, j] = 3i + j + 1. Σw = 45, Σw·i = 63, Σw·j = 51, so
        // out(0, 0) = 4·63 + 51 + 45 = 348, and each step right adds Σw = 45, each step down 4·45.
        let input = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map { Float($0) })
        let weight = Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map { Float($0) })
        let bias = Tensor(shape: [1], scalars: [1])
        let valid = Convolution2D().forward(input, weight: weight, bias: bias)
        #expect(valid == Tensor(shape: [1, 1, 2, 2], scalars: [349, 394, 529, 574]))
        // With padding 1 the corner sees only x[0..1, 0..1] under w[1..2, 1..2]:
        // 5·1 + 6·2 + 8·5 + 9·6 = 111.
        let padded = Convolution2D(padding: 1).forward(input, weight: weight)
        #expect(padded.shape == [1, 1, 4, 4])
        #expect(padded[0, 0, 0, 0] == 111)
        #expect(padded[0, 0, 1, 1] == 348)
    }

    @Test func theOutputShapeFollowsTheDocumentedFormula() {
        let convolution = Convolution2D(stride: 2, padding: 1, dilation: 2)
        // ⌊(9 + 2 − 2·2 − 1) / 2⌋ + 1 = 4 and ⌊(8 + 2 − 2·1 − 1) / 2⌋ + 1 = 4.
        #expect(convolution.outputShape(input: [2, 3, 9, 8], weight: [5, 3, 3, 2]) == [2, 5, 4, 4])
    }

    @Test(arguments: 0..<geometries.count)
    func forwardMatchesTheDirectLoopForStridePaddingAndDilation(geometryIndex: Int) {
        let (stride, padding, dilation, kh, kw) = Self.geometries[geometryIndex]
        var fixtures = FixtureGenerator(seed: UInt64(100 + geometryIndex))
        let input = fixtures.tensor([2, 3, 7, 6])
        let weight = fixtures.tensor([4, 3, kh, kw])
        let bias = fixtures.tensor([4])
        let convolution = Convolution2D(stride: stride, padding: padding, dilation: dilation)
        let output = convolution.forward(input, weight: weight, bias: bias)
        let expected = Reference.convolution(
            input: input.doubles, inputShape: input.shape, weight: weight.doubles, weightShape: weight.shape,
            bias: bias.doubles, stride: stride, padding: padding, dilation: dilation)
        #expect(output.shape == expected.shape)
        // At most 3·3·3 + 1 Float32 products of values in [-1, 1): error below 1e-5.
        expectClose(output.scalars, expected.values, absolute: 1e-5, relative: 1e-5, "conv forward")
    }

    @Test(arguments: 0..<geometries.count)
    func backwardMatchesFiniteDifferencesOfTheDoubleReference(geometryIndex: Int) {
        let (stride, padding, dilation, kh, kw) = Self.geometries[geometryIndex]
        var fixtures = FixtureGenerator(seed: UInt64(200 + geometryIndex))
        let input = fixtures.tensor([2, 2, 6, 5])
        let weight = fixtures.tensor([3, 2, kh, kw])
        let bias = fixtures.tensor([3])
        let convolution = Convolution2D(stride: stride, padding: padding, dilation: dilation)
        let outputShape = convolution.outputShape(input: input.shape, weight: weight.shape)
        let gradOutput = fixtures.tensor(outputShape)
        let gradients = convolution.backward(gradOutput: gradOutput, input: input, weight: weight)

        func reference(_ x: [Double], _ w: [Double], _ b: [Double]) -> [Double] {
            Reference.convolution(
                input: x, inputShape: input.shape, weight: w, weightShape: weight.shape, bias: b,
                stride: stride, padding: padding, dilation: dilation
            ).values
        }
        let (x, w, b, r) = (input.doubles, weight.doubles, bias.doubles, gradOutput.doubles)
        let numericInput = GradientCheck.numericGradient(of: { reference($0, w, b) }, at: x, outputWeights: r)
        let numericWeight = GradientCheck.numericGradient(
            of: { reference(x, $0, b) }, at: w, outputWeights: r)
        let numericBias = GradientCheck.numericGradient(of: { reference(x, w, $0) }, at: b, outputWeights: r)
        GradientCheck.expectMatch(gradients.input?.scalars ?? [], numericInput, "d input")
        GradientCheck.expectMatch(gradients.weight.scalars, numericWeight, "d weight")
        GradientCheck.expectMatch(gradients.bias.scalars, numericBias, "d bias")
        #expect(gradients.weight.shape == weight.shape && gradients.input?.shape == input.shape)
    }

    @Test func aWiderConvolutionWhereBLASTakesItsBlockedKernelsMatchesTheDirectLoop() {
        var fixtures = FixtureGenerator(seed: 300)
        let input = fixtures.tensor([2, 16, 12, 12])
        let weight = fixtures.tensor([24, 16, 3, 3])
        let output = Convolution2D(padding: 1).forward(input, weight: weight)
        let expected = Reference.convolution(
            input: input.doubles, inputShape: input.shape, weight: weight.doubles, weightShape: weight.shape,
            bias: nil, stride: 1, padding: 1, dilation: 1)
        // 144 Float32 products of values in [-1, 1) per output: error below 1e-4.
        expectClose(output.scalars, expected.values, absolute: 1e-4, relative: 1e-5, "conv forward")
    }

    @Test func tapsThatFallEntirelyInThePaddingReadZeros() {
        // A 2×2 input with dilation 3 and padding 3: for the first and last kernel columns every output
        // position reads padding (ASPP's large rates on small feature maps do this).
        var fixtures = FixtureGenerator(seed: 301)
        let input = fixtures.tensor([2, 2, 2, 2])
        let weight = fixtures.tensor([3, 2, 3, 3])
        let convolution = Convolution2D(padding: 3, dilation: 3)
        let output = convolution.forward(input, weight: weight)
        func reference(_ x: [Double], _ w: [Double]) -> [Double] {
            Reference.convolution(
                input: x, inputShape: input.shape, weight: w, weightShape: weight.shape, bias: nil, stride: 1,
                padding: 3, dilation: 3
            ).values
        }
        #expect(output.shape == [2, 3, 2, 2])
        expectClose(
            output.scalars, reference(input.doubles, weight.doubles), absolute: 1e-5, relative: 1e-5,
            "forward")
        let gradOutput = fixtures.tensor(output.shape)
        let gradients = convolution.backward(gradOutput: gradOutput, input: input, weight: weight)
        let (x, w, r) = (input.doubles, weight.doubles, gradOutput.doubles)
        GradientCheck.expectMatch(
            gradients.input?.scalars ?? [],
            GradientCheck.numericGradient(of: { reference($0, w) }, at: x, outputWeights: r),
            "d input")
        GradientCheck.expectMatch(
            gradients.weight.scalars,
            GradientCheck.numericGradient(of: { reference(x, $0) }, at: w, outputWeights: r),
            "d weight")
    }

    @Test func backwardCanSkipTheInputGradient() {
        var fixtures = FixtureGenerator(seed: 3)
        let input = fixtures.tensor([1, 2, 4, 4])
        let weight = fixtures.tensor([2, 2, 3, 3])
        let gradOutput = fixtures.tensor([1, 2, 2, 2])
        let full = Convolution2D().backward(gradOutput: gradOutput, input: input, weight: weight)
        let partial = Convolution2D().backward(
            gradOutput: gradOutput, input: input, weight: weight, computeInputGradient: false)
        #expect(partial.input == nil)
        #expect(partial.weight == full.weight && partial.bias == full.bias)
    }
}
