import NumericCore
import Testing

/// Transposed convolution, pooling, upsampling and concatenation.
struct KernelTests {
    // MARK: Transposed convolution

    @Test func a2x2Stride2TransposedConvolutionExpandsEachPixelIntoAWeightedBlock() {
        // One input channel [[1, 2]], weight [[1, 2], [3, 4]], bias 10: each pixel v becomes
        // [[v, 2v], [3v, 4v]] + 10.
        let input = Tensor(shape: [1, 1, 1, 2], scalars: [1, 2])
        let weight = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let output = TransposedConvolution2x2.forward(
            input, weight: weight, bias: Tensor(shape: [1], scalars: [10]))
        #expect(output == Tensor(shape: [1, 1, 2, 4], scalars: [11, 12, 12, 14, 13, 14, 16, 18]))
    }

    @Test func transposedConvolutionForwardAndBackwardMatchTheDoubleReference() {
        var fixtures = FixtureGenerator(seed: 31)
        let input = fixtures.tensor([2, 3, 3, 2])
        let weight = fixtures.tensor([3, 4, 2, 2])
        let bias = fixtures.tensor([4])
        let output = TransposedConvolution2x2.forward(input, weight: weight, bias: bias)
        func reference(_ x: [Double], _ w: [Double], _ b: [Double]) -> [Double] {
            Reference.transposedConvolution2x2(
                input: x, inputShape: input.shape, weight: w, outChannels: 4, bias: b)
        }
        let (x, w, b) = (input.doubles, weight.doubles, bias.doubles)
        #expect(output.shape == [2, 4, 6, 4])
        expectClose(output.scalars, reference(x, w, b), absolute: 1e-5, relative: 1e-5, "forward")

        let gradOutput = fixtures.tensor(output.shape)
        let r = gradOutput.doubles
        let gradients = TransposedConvolution2x2.backward(
            gradOutput: gradOutput, input: input, weight: weight)
        GradientCheck.expectMatch(
            gradients.input?.scalars ?? [],
            GradientCheck.numericGradient(of: { reference($0, w, b) }, at: x, outputWeights: r), "d input")
        GradientCheck.expectMatch(
            gradients.weight.scalars,
            GradientCheck.numericGradient(of: { reference(x, $0, b) }, at: w, outputWeights: r), "d weight")
        GradientCheck.expectMatch(
            gradients.bias.scalars,
            GradientCheck.numericGradient(of: { reference(x, w, $0) }, at: b, outputWeights: r), "d bias")
    }

    // MARK: Max-pooling

    @Test func maxPoolingKeepsTheLargestValueOfEachWindowAndDropsAnOddEdge() {
        let input = Tensor(
            shape: [1, 1, 3, 4],
            scalars: [
                1, 5, 2, 2,
                3, 4, 8, 2,
                9, 9, 9, 9,
            ])
        let result = MaxPool2x2.forward(input)
        #expect(result.output == Tensor(shape: [1, 1, 1, 2], scalars: [5, 8]))
        #expect(result.argmax == [1, 6])
        // Ties go to the first position in row-major order.
        let ties = MaxPool2x2.forward(Tensor(repeating: 1, shape: [1, 1, 2, 2]))
        #expect(ties.argmax == [0])
        let gradient = MaxPool2x2.backward(
            gradOutput: Tensor(shape: [1, 1, 1, 2], scalars: [10, 20]), argmax: result.argmax,
            inputShape: input.shape)
        #expect(gradient.scalars == [0, 10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0])
    }

    @Test func maxPoolingPropagatesNaNLikePyTorch() {
        let result = MaxPool2x2.forward(Tensor(shape: [1, 1, 2, 2], scalars: [1, .nan, 3, 2]))
        #expect(result.output.scalars[0].isNaN)
    }

    @Test func maxPoolingForwardAndBackwardMatchTheDoubleReference() {
        var fixtures = FixtureGenerator(seed: 32)
        let input = fixtures.distinctTensor([2, 3, 5, 6])
        let result = MaxPool2x2.forward(input)
        #expect(result.output.shape == [2, 3, 2, 3])
        expectClose(
            result.output.scalars, Reference.maxPool(input.doubles, shape: input.shape), absolute: 0,
            relative: 0,
            "forward")
        let gradOutput = fixtures.tensor(result.output.shape)
        let gradient = MaxPool2x2.backward(
            gradOutput: gradOutput, argmax: result.argmax, inputShape: input.shape)
        let numeric = GradientCheck.numericGradient(
            of: { Reference.maxPool($0, shape: input.shape) }, at: input.doubles,
            outputWeights: gradOutput.doubles)
        GradientCheck.expectMatch(gradient.scalars, numeric, "d input")
    }

    // MARK: Bilinear upsampling

    @Test func bilinearUpsamplingByTwoMatchesPyTorchWithAlignCornersFalse() {
        // torch.nn.functional.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), scale_factor=2,
        // mode="bilinear", align_corners=False)
        let input = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let output = BilinearUpsampling.forward(input, height: 4, width: 4)
        #expect(
            output.scalars == [
                1.0, 1.25, 1.75, 2.0,
                1.5, 1.75, 2.25, 2.5,
                2.5, 2.75, 3.25, 3.5,
                3.0, 3.25, 3.75, 4.0,
            ])
        // Halving averages neighbouring pairs: sources at 0.5 and 2.5.
        let down = BilinearUpsampling.forward(
            Tensor(shape: [1, 1, 1, 4], scalars: [0, 1, 2, 3]), height: 1, width: 2)
        #expect(down.scalars == [0.5, 2.5])
    }

    @Test func bilinearUpsamplingWithAlignedCornersMatchesPyTorchAlignCornersTrue() {
        // torch.nn.functional.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), size=(4, 4),
        // mode="bilinear", align_corners=True): sources at 0, 1/3, 2/3, 1.
        let input = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let output = BilinearUpsampling.forward(input, height: 4, width: 4, alignCorners: true)
        // The values are 1 + x/3 + 2y/3 for output position (y, x).
        var expected = [Double]()
        for y in 0..<4 {
            for x in 0..<4 {
                expected.append(1 + Double(x) / 3 + 2 * Double(y) / 3)
            }
        }
        expectClose(output.scalars, expected, absolute: 1e-6, relative: 1e-6, "aligned")
        // A single output row samples the first input row.
        let single = BilinearUpsampling.forward(input, height: 1, width: 2, alignCorners: true)
        #expect(single.scalars == [1, 2])
    }

    @Test(arguments: [
        (3, 4, 7, 5, false), (4, 4, 8, 8, false), (5, 3, 2, 2, false), (1, 1, 3, 2, false),
        (3, 4, 7, 5, true),
        (4, 4, 8, 8, true), (5, 3, 2, 1, true),
    ])
    func bilinearResizingForwardAndBackwardMatchTheDoubleReference(
        h: Int, w: Int, outH: Int, outW: Int, alignCorners: Bool
    ) {
        var fixtures = FixtureGenerator(seed: UInt64(33 + h * 10 + outW))
        let input = fixtures.tensor([2, 2, h, w])
        let output = BilinearUpsampling.forward(input, height: outH, width: outW, alignCorners: alignCorners)
        func reference(_ x: [Double]) -> [Double] {
            Reference.bilinear(x, shape: input.shape, height: outH, width: outW, alignCorners: alignCorners)
        }
        expectClose(output.scalars, reference(input.doubles), absolute: 1e-6, relative: 1e-6, "forward")
        let gradOutput = fixtures.tensor(output.shape)
        let gradient = BilinearUpsampling.backward(
            gradOutput: gradOutput, inputShape: input.shape, alignCorners: alignCorners)
        GradientCheck.expectMatch(
            gradient.scalars,
            GradientCheck.numericGradient(
                of: reference, at: input.doubles, outputWeights: gradOutput.doubles),
            "d input")
    }

    // MARK: Concatenation

    @Test func concatenationJoinsChannelsPerImageAndSplitUndoesIt() {
        let a = Tensor(shape: [2, 1, 1, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2, 1, 2], scalars: [5, 6, 7, 8, 9, 10, 11, 12])
        let joined = Concatenation.channels([a, b])
        #expect(joined == Tensor(shape: [2, 3, 1, 2], scalars: [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]))
        #expect(Concatenation.split(joined, channelCounts: [1, 2]) == [a, b])
        let stacked = Concatenation.batch([a, Tensor(shape: [1, 1, 1, 2], scalars: [9, 9])])
        #expect(stacked == Tensor(shape: [3, 1, 1, 2], scalars: [1, 2, 3, 4, 9, 9]))
    }
}
