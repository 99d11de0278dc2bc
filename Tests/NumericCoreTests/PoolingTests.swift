import NumericCore
import Testing

struct PoolingTests {
    @Test func a3x3Stride2MaxPoolWithPaddingGivesTheHandComputedValues() {
        // x[i, j] = 4i + j on a 4×4 grid; windows start at −1, 1 (rows and columns); the maximum of each
        // window is its bottom-right valid element: (1,1) → 5, (1,3) → 7, (3,1) → 13, (3,3) → 15.
        let input = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map { Float($0) })
        let pooling = MaxPool2D(kernelSize: 3, stride: 2, padding: 1)
        #expect(pooling.outputShape(input: input.shape) == [1, 1, 2, 2])
        let result = pooling.forward(input)
        #expect(result.output.scalars == [5, 7, 13, 15])
        #expect(result.argmax == [5, 7, 13, 15])
        // Negated inputs: the top-left valid element wins, the padding never does. Windows cover rows
        // {0, 1} or {1, 2, 3} and the same columns: maxima −0, −1, −4, −5.
        let negative = pooling.forward(input * -1)
        #expect(negative.output.scalars == [0, -1, -4, -5])
        #expect(negative.argmax == [0, 1, 4, 5])
    }

    @Test func theGeneralMaxPoolEqualsThe2x2SpecialCase() {
        var fixtures = FixtureGenerator(seed: 61)
        let input = fixtures.tensor([2, 3, 5, 6])
        let general = MaxPool2D(kernelSize: 2).forward(input)
        let special = MaxPool2x2.forward(input)
        #expect(general.output == special.output && general.argmax == special.argmax)
    }

    @Test(arguments: [(3, 2, 1), (3, 1, 1), (2, 1, 0), (4, 3, 2)])
    func maxPoolForwardAndBackwardMatchTheDoubleReference(kernel: Int, stride: Int, padding: Int) {
        var fixtures = FixtureGenerator(seed: UInt64(62 + kernel * 7 + stride))
        let input = fixtures.distinctTensor([2, 2, 5, 6])
        let pooling = MaxPool2D(kernelSize: kernel, stride: stride, padding: padding)
        let result = pooling.forward(input)
        func reference(_ x: [Double]) -> [Double] {
            Reference.maxPool(x, shape: input.shape, kernel: kernel, stride: stride, padding: padding)
        }
        expectClose(result.output.scalars, reference(input.doubles), absolute: 0, relative: 0, "forward")
        let gradOutput = fixtures.tensor(result.output.shape)
        let gradient = pooling.backward(
            gradOutput: gradOutput, argmax: result.argmax, inputShape: input.shape)
        GradientCheck.expectMatch(
            gradient.scalars,
            GradientCheck.numericGradient(
                of: reference, at: input.doubles, outputWeights: gradOutput.doubles),
            "d input")
    }

    @Test func globalAveragePoolingGivesPlaneMeansAndSpreadsGradientsEvenly() {
        let input = Tensor(shape: [1, 2, 2, 2], scalars: [1, 2, 3, 6, -1, -1, -1, 7])
        let output = GlobalAveragePooling.forward(input)
        #expect(output == Tensor(shape: [1, 2, 1, 1], scalars: [3, 1]))
        let gradient = GlobalAveragePooling.backward(
            gradOutput: Tensor(shape: [1, 2, 1, 1], scalars: [4, -8]), inputShape: input.shape)
        #expect(gradient.scalars == [1, 1, 1, 1, -2, -2, -2, -2])
    }

    @Test func globalAveragePoolingBackwardMatchesFiniteDifferences() {
        var fixtures = FixtureGenerator(seed: 63)
        let input = fixtures.tensor([2, 3, 2, 3])
        let gradOutput = fixtures.tensor([2, 3, 1, 1])
        func reference(_ x: [Double]) -> [Double] {
            stride(from: 0, to: x.count, by: 6).map { start in x[start..<(start + 6)].reduce(0, +) / 6 }
        }
        expectClose(
            GlobalAveragePooling.forward(input).scalars, reference(input.doubles), absolute: 1e-7,
            relative: 1e-6,
            "forward")
        GradientCheck.expectMatch(
            GlobalAveragePooling.backward(gradOutput: gradOutput, inputShape: input.shape).scalars,
            GradientCheck.numericGradient(
                of: reference, at: input.doubles, outputWeights: gradOutput.doubles),
            "d input")
    }
}
