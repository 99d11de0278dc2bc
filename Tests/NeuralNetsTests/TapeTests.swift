import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct TapeTests {
    @Test func aVariableUsedTwiceReceivesTheSumOfBothGradients() {
        let tape = Tape(training: true)
        let x = tape.variable(Tensor(shape: [2], scalars: [1, 2]))
        let y = tape.add(x, x)
        let loss = tape.weightedSum(y, weights: Tensor(shape: [2], scalars: [3, 5]))
        #expect(loss.value.scalars == [26])  // 2·(1·3 + 2·5)
        tape.backward(from: loss)
        #expect(tape.gradient(of: x)?.scalars == [6, 10])
    }

    @Test func parameterGradientsAccumulateAcrossTapesUntilZeroed() {
        let parameter = Parameter(name: "p", value: Tensor(shape: [2], scalars: [1, -1]))
        for _ in 0..<2 {
            let tape = Tape(training: true)
            tape.backward(from: tape.sum(tape.parameter(parameter)))
        }
        #expect(parameter.gradient?.scalars == [2, 2])
        parameter.zeroGradient()
        #expect(parameter.gradient == nil)
    }

    @Test func constantsGetNoGradientAndAnUnusedVariableGetsNone() {
        let tape = Tape(training: true)
        let constant = tape.constant(Tensor(shape: [1], scalars: [4]))
        let used = tape.variable(Tensor(shape: [1], scalars: [2]))
        let unused = tape.variable(Tensor(shape: [1], scalars: [7]))
        tape.backward(from: tape.sum(tape.add(constant, used)))
        #expect(tape.gradient(of: constant) == nil)
        #expect(tape.gradient(of: used)?.scalars == [1])
        #expect(tape.gradient(of: unused) == nil)
    }

    @Test func usingAVariableOnAnotherTapeStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let first = Tape(training: true)
            let x = first.variable(Tensor(zeros: [1]))
            let second = Tape(training: true)
            _ = second.relu(x)
        }
    }
}

struct InferenceTapeTests {
    @Test func aBlockFoldsBatchNormIntoItsConvolutionsOnAnInferenceTape() {
        var generator = RandomStream(seed: 9, stream: "init")
        let block = DoubleConvolution(name: "b", inChannels: 1, outChannels: 4, generator: &generator)
        block.norm1.runningMean.value = Tensor(shape: [4], scalars: [0.1, 0.2, -0.3, 0.05])
        block.norm1.runningVariance.value = Tensor(shape: [4], scalars: [0.5, 2, 0.7, 1.3])
        var data = RandomStream(seed: 9, stream: "data")
        let images = Tensor.normal(shape: [2, 1, 8, 8], using: &data)
        let evaluation = Tape(training: false)
        let inference = Tape.inference()
        let expected = block(evaluation.constant(images), on: evaluation).value
        let actual = block(inference.constant(images), on: inference).value
        let differences = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }
        #expect((differences.max() ?? .infinity) <= 1e-5, "\(differences.max() ?? .infinity)")
        // The folded path really is another computation: some values differ in their last bits.
        #expect(differences.contains { $0 > 0 })
    }

    @Test func aDeepBlockTakesWinogradOnAnInferenceTapeAndAgreesWithinRounding() {
        var generator = RandomStream(seed: 4, stream: "init")
        let block = DoubleConvolution(name: "b", inChannels: 32, outChannels: 32, generator: &generator)
        var data = RandomStream(seed: 4, stream: "data")
        let images = Tensor.normal(shape: [2, 32, 17, 18], using: &data)
        let training = Tape(training: true)
        _ = block(training.constant(images), on: training)
        #expect(
            Winograd3x3.applies(
                to: block.conv1.convolution, weightShape: block.conv1.weight.value.shape,
                inputShape: images.shape))
        let evaluation = Tape(training: false)
        let inference = Tape.inference()
        let expected = block(evaluation.constant(images), on: evaluation).value
        let actual = block(inference.constant(images), on: inference).value
        let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        let largest = expected.scalars.map(abs).max() ?? 0
        #expect(worst <= 1e-4 * max(1, largest), "worst difference \(worst) of values up to \(largest)")
    }

    @Test func anInferenceTapeGivesTheEvaluationTapesValuesWithinRounding() {
        var generator = RandomStream(seed: 9, stream: "init")
        let model = UNet(baseWidth: 2, depth: 2, generator: &generator)
        var data = RandomStream(seed: 9, stream: "data")
        let images = Tensor.normal(shape: [2, 1, 8, 8], using: &data)
        // One training step first, so that the running statistics are not at their initial values.
        let training = Tape(training: true)
        _ = model(training.constant(images), on: training)
        let evaluation = Tape(training: false)
        let inference = Tape.inference()
        let expected = model(evaluation.constant(images), on: evaluation).value
        let actual = model(inference.constant(images), on: inference).value
        // Batch norm is folded into the convolutions on an inference tape: the same values up to
        // rounding (see `BatchNormLayer.afterConvolution`).
        let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        let largest = expected.scalars.map(abs).max() ?? 0
        #expect(worst <= 1e-5 * max(1, largest), "worst difference \(worst)")
        #expect(!inference.isTraining)
        #expect(!inference.recordsGradients)
    }

    @Test func imagesOfOnePassShareFoldedWeightsAndGetTheBitsOfFreshTapes() {
        var generator = RandomStream(seed: 6, stream: "init")
        let block = DoubleConvolution(name: "b", inChannels: 32, outChannels: 32, generator: &generator)
        block.norm2.runningMean.value = Tensor(repeating: 0.25, shape: [32])
        var data = RandomStream(seed: 6, stream: "data")
        let images = (0..<3).map { _ in Tensor.normal(shape: [1, 32, 16, 19], using: &data) }
        func fresh(_ image: Tensor) -> [Float] {
            let tape = Tape.inference()
            return block(tape.constant(image), on: tape).value.scalars
        }
        let weights = InferenceWeights()
        func shared(_ image: Tensor) -> [Float] {
            let tape = Tape.inference(reusing: weights)
            return block(tape.constant(image), on: tape).value.scalars
        }
        for image in images {
            let (expected, actual) = (fresh(image), shared(image))
            #expect(actual.elementsEqual(expected) { $0.bitPattern == $1.bitPattern })
        }
        // Both convolutions (Winograd, 32 input channels) were folded once and then reused.
        #expect(weights.count == 2 && weights.transformedCount == 2)
        // Reuse, not recomputation: after a parameter changes, the pass's weights are stale (which is
        // why one instance must not outlive a pass), while a fresh tape sees the change.
        block.norm2.runningMean.value = Tensor(repeating: -0.5, shape: [32])
        #expect(shared(images[0]) != fresh(images[0]))
        #expect(InferenceWeights().count == 0)
    }
}
