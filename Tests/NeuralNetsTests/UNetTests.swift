import NeuralNets
import NumericCore
import Testing

struct UNetTests {
    @Test func `the default U-Net has the parameter count of its documented structure`() {
        // DoubleConvolution(i → o) holds 9io + o + 9o² + o (convolutions) + 4o (two batch norms).
        // inc(1→16), down 16→32→64→128→256, up with 2×2 transposed convolutions (4·w·n + n) and
        // DoubleConvolution(w → n), head 16 → 1: 1,943,761 in all.
        var generator = RandomStream(seed: 0, stream: "init")
        let model = UNet(generator: &generator)
        #expect(model.parameters.reduce(0) { $0 + $1.value.count } == 1_943_761)
        #expect(model.parameters.count == 4 * 9 * 2 + 2 * 4 + 2)
        #expect(model.parameters.first?.name == "inc.conv1.weight")
        #expect(model.parameters.last?.name == "head.bias")
    }

    @Test func `the output keeps the input's height and width`() {
        var generator = RandomStream(seed: 1, stream: "init")
        let model = UNet(inChannels: 2, classes: 3, baseWidth: 4, depth: 2, generator: &generator)
        let tape = Tape(training: false)
        let output = model(tape.constant(Tensor(zeros: [2, 2, 8, 12])), on: tape)
        #expect(output.shape == [2, 3, 8, 12])
    }

    @Test func `the same seed builds the same weights`() {
        var first = RandomStream(seed: 2, stream: "init")
        var second = RandomStream(seed: 2, stream: "init")
        let a = UNet(baseWidth: 2, depth: 2, generator: &first)
        let b = UNet(baseWidth: 2, depth: 2, generator: &second)
        #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
    }

    @Test func `a tiny U-Net's tape gradients match finite differences`() {
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

    @Test func `a small U-Net fits a toy segmentation`() throws {
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
