import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct UNetTests {
    /// The parameter count of the documented structure, computed independently of the model code:
    /// DoubleConvolution(i → o) holds 9io + o + 9o² + o (convolutions) + 4o (two batch norms); each up
    /// level adds a 2×2 transposed convolution (4·w·n + n); the head b·classes + classes.
    static func documentedParameterCount(inChannels: Int, classes: Int, base: Int, depth: Int) -> Int {
        func double(_ i: Int, _ o: Int) -> Int { 9 * i * o + o + 9 * o * o + o + 4 * o }
        var count = double(inChannels, base)
        for level in 1...depth {
            count += double(base << (level - 1), base << level)
            count += 4 * (base << level) * (base << (level - 1)) + (base << (level - 1))
            count += double(base << level, base << (level - 1))
        }
        return count + base * classes + classes
    }

    @Test func aUNetHasTheParameterCountOfItsDocumentedStructure() {
        // msdb's default (base 16, depth 4) has 1,943,761 parameters; building it in a debug test takes
        // seconds, so the model is checked at base 4 against the same formula.
        #expect(Self.documentedParameterCount(inChannels: 1, classes: 1, base: 16, depth: 4) == 1_943_761)
        var generator = RandomStream(seed: 0, stream: "init")
        let model = UNet(baseWidth: 4, depth: 4, generator: &generator)
        #expect(model.parameters.reduce(0) { $0 + $1.value.count } == 122_389)
        #expect(Self.documentedParameterCount(inChannels: 1, classes: 1, base: 4, depth: 4) == 122_389)
        #expect(model.parameters.count == 4 * 9 * 2 + 2 * 4 + 2)
        #expect(model.parameters.first?.name == "inc.conv1.weight")
        #expect(model.parameters.last?.name == "head.bias")
    }

    @Test func theSpeedReferenceUNet163264128NoBlockBiasesHas482449Parameters() {
        // The benchmark's reference U-Net: base 16, depth 3 (128 is the bottleneck), 3×3 convolutions without bias
        // before batch norm. Independently: the documented count minus one bias per block convolution,
        // 2 · (16 + 32 + 64 + 128 + 64 + 32 + 16) = 704.
        let withBiases = Self.documentedParameterCount(inChannels: 1, classes: 1, base: 16, depth: 3)
        let blockBiases = 2 * (16 + 2 * (32 + 64) + 128 + 16)
        #expect(withBiases - blockBiases == 482_449)
        var generator = RandomStream(seed: 0, stream: "init")
        let model = UNet(baseWidth: 16, depth: 3, convolutionBias: false, generator: &generator)
        #expect(model.parameters.reduce(0) { $0 + $1.value.count } == 482_449)
        #expect(model.parameters.count == (1 + 3 * 2) * 6 + 3 * 2 + 2)
        #expect(
            !model.parameters.contains { $0.name.hasSuffix("conv1.bias") || $0.name.hasSuffix("conv2.bias") })
    }

    @Test func theOutputKeepsTheInputsHeightAndWidth() {
        var generator = RandomStream(seed: 1, stream: "init")
        let model = UNet(inChannels: 2, classes: 3, baseWidth: 4, depth: 2, generator: &generator)
        let tape = Tape(training: false)
        let output = model(tape.constant(Tensor(zeros: [2, 2, 8, 12])), on: tape)
        #expect(output.shape == [2, 3, 8, 12])
    }

    @Test func theSameSeedBuildsTheSameWeights() {
        var first = RandomStream(seed: 2, stream: "init")
        var second = RandomStream(seed: 2, stream: "init")
        let a = UNet(baseWidth: 2, depth: 2, generator: &first)
        let b = UNet(baseWidth: 2, depth: 2, generator: &second)
        #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
    }

    @Test func aTinyUNetsTapeGradientsMatchFiniteDifferences() {
        var generator = RandomStream(seed: 3, stream: "init")
        var fixtures = Fixtures(seed: 3)
        let model = UNet(baseWidth: 2, depth: 1, generator: &generator)
        for parameter in model.parameters where parameter.name.hasSuffix("weight") {
            parameter.value = fixtures.tensor(parameter.value.shape)
        }
        #expect(model.parameters.reduce(0) { $0 + $1.value.count } == 463)
        LayerGradientCheck.check(input: fixtures.tensor([2, 1, 4, 4]), parameters: model.parameters) {
            x, tape in
            model(x, on: tape)
        }
    }

    @Test func aSmallUNetFitsAToySegmentation() throws {
        var generator = RandomStream(seed: 4, stream: "init")
        let model = UNet(baseWidth: 4, depth: 2, generator: &generator)
        var data = RandomStream(seed: 4, stream: "data")
        let coarse = Tensor.normal(shape: [2, 1, 4, 4], using: &data)
        let images = BilinearUpsampling.forward(coarse, height: 16, width: 16)
        let labels = images.map { $0 > 0.2 ? 1 : 0 }
        let optimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        var losses = [Float]()
        for _ in 0..<25 {
            let tape = Tape(training: true)
            let loss = tape.binaryCrossEntropyWithLogits(
                model(tape.constant(images), on: tape), targets: labels)
            losses.append(loss.value.scalars[0])
            optimizer.zeroGradients(model.parameters)
            tape.backward(from: loss)
            optimizer.step(model.parameters)
        }
        let first = try #require(losses.first)
        let last = try #require(losses.last)
        #expect(last < 0.5 * first, "losses: \(losses)")
    }
}
