import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct LayerTests {
    @Test(arguments: [(1, 1, 1), (2, 1, 1), (1, 2, 2)])
    func aConvolutionLayersTapeGradientsMatchFiniteDifferences(
        stride: Int, padding: Int, dilation: Int
    ) {
        var generator = RandomStream(seed: 1, stream: "init")
        var fixtures = Fixtures(seed: 2)
        let layer = ConvolutionLayer(
            inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: padding,
            dilation: dilation,
            generator: &generator)
        layer.weight.value = fixtures.tensor(layer.weight.value.shape)
        layer.bias?.value = fixtures.tensor([3])
        LayerGradientCheck.check(input: fixtures.tensor([2, 2, 5, 5]), parameters: layer.parameters) {
            x, tape in
            layer(x, on: tape)
        }
    }

    @Test func aTransposedConvolutionLayersTapeGradientsMatchFiniteDifferences() {
        var generator = RandomStream(seed: 1, stream: "init")
        var fixtures = Fixtures(seed: 3)
        let layer = TransposedConvolutionLayer(inChannels: 3, outChannels: 2, generator: &generator)
        layer.weight.value = fixtures.tensor(layer.weight.value.shape)
        layer.bias?.value = fixtures.tensor([2])
        LayerGradientCheck.check(input: fixtures.tensor([2, 3, 2, 3]), parameters: layer.parameters) {
            x, tape in
            layer(x, on: tape)
        }
    }

    @Test(arguments: [true, false])
    func aBatchNormLayersTapeGradientsMatchFiniteDifferences(training: Bool) {
        var generator = RandomStream(seed: 1, stream: "init")
        var fixtures = Fixtures(seed: 4)
        let layer = BatchNormLayer(channels: 3, generator: &generator)
        layer.runningMean.value = fixtures.tensor([3])
        layer.runningVariance.value = Tensor(shape: [3], scalars: [0.5, 1, 2])
        layer.bias.value = fixtures.tensor([3])
        LayerGradientCheck.check(
            input: fixtures.tensor([2, 3, 2, 2], scale: 2), parameters: layer.parameters, training: training
        ) { x, tape in
            layer(x, on: tape)
        }
    }

    @Test func reluMaxPoolAndUpsampleLayersPassGradientsThroughTheTape() {
        var fixtures = Fixtures(seed: 5)
        let input = fixtures.distinctTensor([2, 2, 4, 6])
        let relu = ReLU()
        let pool = MaxPoolLayer()
        let upsample = Upsample(scaleFactor: 2)
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in relu(x, on: tape) }
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in pool(x, on: tape) }
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in upsample(x, on: tape) }
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in
            tape.maxPool(x, MaxPool2D(kernelSize: 3, stride: 2, padding: 1))
        }
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in tape.globalAveragePool(x) }
        LayerGradientCheck.check(input: input, parameters: []) { x, tape in
            tape.upsampleBilinear(x, height: 7, width: 5, alignCorners: true)
        }
        let tape = Tape(training: false)
        #expect(upsample(tape.constant(input), on: tape).shape == [2, 2, 8, 12])
    }

    @Test func aUNetStyleBlockWithASkipConnectionHasCorrectGradients() {
        // conv → BN → ReLU → (skip) → max-pool → conv → transposed conv → concat with skip → 1×1 conv.
        // The skip makes one variable feed two operations, so the tape must add both gradients.
        var generator = RandomStream(seed: 6, stream: "init")
        var fixtures = Fixtures(seed: 6)
        let conv1 = ConvolutionLayer(
            name: "c1", inChannels: 1, outChannels: 2, kernelSize: 3, padding: 1, generator: &generator)
        let norm = BatchNormLayer(name: "bn", channels: 2, generator: &generator)
        let conv2 = ConvolutionLayer(
            name: "c2", inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, generator: &generator)
        let up = TransposedConvolutionLayer(name: "up", inChannels: 3, outChannels: 2, generator: &generator)
        let head = ConvolutionLayer(
            name: "head", inChannels: 4, outChannels: 1, kernelSize: 1, generator: &generator)
        let parameters =
            conv1.parameters + norm.parameters + conv2.parameters + up.parameters + head.parameters
        for parameter in parameters where parameter.name.hasSuffix("weight") {
            parameter.value = fixtures.tensor(parameter.value.shape)
        }
        let input = fixtures.tensor([2, 1, 4, 4])
        let relu = ReLU()
        LayerGradientCheck.check(input: input, parameters: parameters, step: 1e-3) { x, tape in
            let skip = relu(norm(conv1(x, on: tape), on: tape), on: tape)
            let down = conv2(tape.maxPool2x2(skip), on: tape)
            let joined = tape.concatenateChannels([up(down, on: tape), skip])
            return head(joined, on: tape)
        }
    }
}

struct ConcatenationLayerTests {
    @Test func channelConcatenationRoutesEachPartOfTheGradientBackToItsInput() {
        var fixtures = Fixtures(seed: 7)
        let other = fixtures.tensor([2, 3, 2, 2])
        LayerGradientCheck.check(input: fixtures.tensor([2, 1, 2, 2]), parameters: []) { x, tape in
            tape.concatenateChannels([tape.constant(other), x, x])
        }
    }
}

struct InitializationTests {
    @Test func theOfficialSchemeDrawsSmallNormalWeightsZeroBiasesAndUnitCentredGammas() {
        var generator = RandomStream(seed: 8, stream: "init")
        let conv = ConvolutionLayer(inChannels: 16, outChannels: 32, kernelSize: 3, generator: &generator)
        let norm = BatchNormLayer(channels: 64, generator: &generator)
        let weights = conv.weight.value
        let deviation = (weights.sumOfSquares() / Double(weights.count)).squareRoot()
        // 4608 draws of N(0, 0.02): the sample deviation is within 5% of 0.02 (σ of the estimate ≈ 1%).
        #expect(abs(deviation - 0.02) < 0.001)
        #expect(conv.bias?.value == Tensor(zeros: [32]))
        #expect(abs(norm.weight.value.mean() - 1) < 0.01 && norm.bias.value == Tensor(zeros: [64]))
    }

    @Test func thePyTorchDefaultSchemeDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        var generator = RandomStream(seed: 9, stream: "init")
        let conv = ConvolutionLayer(
            inChannels: 4, outChannels: 8, kernelSize: 3, initialization: .pyTorchDefault,
            generator: &generator)
        let up = TransposedConvolutionLayer(
            inChannels: 8, outChannels: 2, initialization: .pyTorchDefault, generator: &generator)
        let norm = BatchNormLayer(channels: 3, initialization: .pyTorchDefault, generator: &generator)
        // Fan-in: 4·3·3 = 36 → bound 1/6; transposed: weight [8, 2, 2, 2] → 2·2·2 = 8 → bound 1/√8.
        let bound = Float(1.0 / 6.0)
        #expect(conv.weight.value.max() < bound && conv.weight.value.min() >= -bound)
        #expect((conv.bias?.value.max() ?? 1) < bound && (conv.bias?.value.min() ?? -1) >= -bound)
        #expect(conv.weight.value.max() > 0.8 * bound && conv.weight.value.min() < -0.8 * bound)
        let upBound = 1 / Float(8).squareRoot()
        #expect(up.weight.value.max() < upBound && up.weight.value.min() >= -upBound)
        #expect(norm.weight.value == Tensor(repeating: 1, shape: [3]))
    }
}
