import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct HRNetTests {
    /// Four branches of widths 2, 3, 4, 5, one block per branch, one module per stage.
    static func tiny(classes: Int = 1) -> HRNetConfiguration {
        HRNetConfiguration(
            classes: classes, stemChannels: 2, stage1Planes: 1, widths: [2, 3, 4, 5], blocks: [1, 1, 1],
            modules: [1, 1, 1])
    }

    /// `⌈x / 2⌉`, what a 3×3 stride-2 convolution with padding 1 makes of an extent.
    static func half(_ x: Int) -> Int { (x + 1) / 2 }

    @Test(arguments: [(33, 29), (32, 32), (7, 12)])
    func branchesFollowTheHalvingFormulaAndTheLogitsHaveTheInputsSize(h: Int, w: Int) {
        var generator = RandomStream(seed: 1, stream: "init")
        let model = HRNet(configuration: Self.tiny(classes: 3), generator: &generator)
        let tape = Tape(training: false)
        let input = tape.constant(Tensor(zeros: [2, 1, h, w]))
        var (height, width) = (Self.half(Self.half(h)), Self.half(Self.half(w)))
        for (k, branch) in model.branches(input, on: tape).enumerated() {
            #expect(branch.shape == [2, [2, 3, 4, 5][k], height, width], "branch \(k)")
            (height, width) = (Self.half(height), Self.half(width))
        }
        #expect(model(input, on: tape).shape == [2, 3, h, w])
    }

    @Test func theStructureHasTheDocumentedUnitCountsAndUniqueNames() {
        var generator = RandomStream(seed: 2, stream: "init")
        let model = HRNet(configuration: Self.tiny(), generator: &generator)
        // Units (conv + BN): stem 2; stage-1 bottleneck 3 + shortcut (2 → 4 channels); transition 1:
        // 4 → 2 at full resolution and the new branch; stage 2: 2 branches × 2 block units + 2 fusion
        // units; transition 2: 1; stage 3: 3 × 2 + 3 upward 1×1 units + 4 strided steps (1 + 2 + 1);
        // transition 3: 1; stage 4: 4 × 2 + 6 + 10 (3·1 + 2·2 + 1·3); head 1. That is
        // 2 + 4 + 2 + 6 + 1 + 13 + 1 + 24 + 1 = 54 units, plus the classifier's weight and bias.
        #expect(model.parameters.count == 3 * 54 + 2)
        #expect(model.buffers.count == 2 * 54)
        #expect(Set(model.parameters.map(\.name)).count == model.parameters.count)
        #expect(Set(model.buffers.map(\.name)).count == model.buffers.count)
        #expect(model.parameters.first?.name == "stem.conv1.conv.weight")
        #expect(model.parameters.last?.name == "head.classifier.bias")
    }

    @Test func theDefaultNetworkIsBuiltWithTheOfficialInitialisation() throws {
        var generator = RandomStream(seed: 3, stream: "init")
        let model = HRNet(generator: &generator)
        let weights = model.parameters.filter { $0.name.hasSuffix("conv.weight") }.flatMap(\.value.scalars)
        let mean = weights.reduce(0.0) { $0 + Double($1) } / Double(weights.count)
        let deviation = (weights.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(weights.count))
            .squareRoot()
        // N(0, 0.02) over ~10⁵ draws: the sample deviation is within 1% of 0.02.
        #expect(weights.count > 50_000)
        #expect(abs(mean) < 1e-3)
        #expect(abs(deviation - 0.02) < 2e-4)
        let gammas = model.parameters.filter { $0.name.hasSuffix("bn.weight") }.flatMap(\.value.scalars)
        #expect(abs(gammas.reduce(0, +) / Float(gammas.count) - 1) < 0.01)
        #expect(
            model.parameters.filter { $0.name.hasSuffix("bn.bias") }.allSatisfy {
                $0.value.scalars.allSatisfy { $0 == 0 }
            })
    }

    @Test func tapeGradientsOfATinyHRNetMatchFiniteDifferences() {
        var generator = RandomStream(seed: 4, stream: "init")
        var fixtures = Fixtures(seed: 4)
        let model = HRNet(configuration: Self.tiny(), generator: &generator)
        for parameter in model.parameters where parameter.name.hasSuffix("conv.weight") {
            parameter.value = fixtures.tensor(parameter.value.shape, scale: 0.5)
        }
        for buffer in model.buffers {
            buffer.value =
                buffer.name.hasSuffix("running_var")
                ? fixtures.tensor(buffer.value.shape, scale: 0.5).map { $0 + 1 }
                : fixtures.tensor(buffer.value.shape, scale: 0.5)
        }
        let checked = model.parameters.filter {
            [
                "stem.conv1.conv.weight", "stage1.0.shortcut.bn.bias", "transition1.0.conv.weight",
                "stage4.0.fuse.0.3.conv.weight", "stage4.0.fuse.3.0.2.conv.weight",
                "stage4.0.fuse.2.1.0.bn.weight",
                "stage3.0.branch2.0.conv2.bn.bias", "head.conv.conv.weight",
            ]
            .contains($0.name) || $0.name.hasPrefix("head.classifier")
        }
        #expect(checked.count == 10)
        // Checked in evaluation mode (affine batch norm with random running statistics), as for
        // DeepLab: the lowest branch is 1×1 for a 32×32 input, so training-mode batch norm would
        // normalise two values per channel and make the loss a near step function. Training-mode batch
        // norm is checked per layer; this test checks the wiring (stem, transitions, both fusion
        // directions, resizing, head). Step 3e-4 and tolerance 5e-3 + 2e-2·|g|, as for DeepLab (a
        // piecewise-linear network in which one weight moves many activations).
        LayerGradientCheck.check(
            input: fixtures.tensor([2, 1, 32, 32]), parameters: checked, training: false, inputStride: 16,
            absolute: 5e-3, relative: 2e-2, step: 3e-4
        ) { x, tape in
            model(x, on: tape)
        }
    }
}

struct HRNetTrainingTests {
    /// Trains a small HRNet for `steps` SGD steps on a smooth binary task; returns the losses and the
    /// network.
    static func train(seed: UInt64, steps: Int) -> (losses: [Float], model: HRNet) {
        var generator = RandomStream(seed: seed, stream: "init")
        let configuration = HRNetConfiguration(
            stemChannels: 4, stage1Planes: 2, widths: [4, 4, 8, 8], blocks: [1, 1, 1], modules: [1, 1, 1])
        let model = HRNet(configuration: configuration, generator: &generator)
        var data = RandomStream(seed: 5, stream: "data")
        let coarse = Tensor.normal(shape: [2, 1, 4, 4], using: &data)
        let images = BilinearUpsampling.forward(coarse, height: 32, width: 32)
        let labels = images.map { $0 > 0 ? 1 : 0 }
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        var losses = [Float]()
        for _ in 0..<steps {
            let tape = Tape(training: true)
            let loss = tape.binaryCrossEntropyWithLogits(
                model(tape.constant(images), on: tape), targets: labels)
            losses.append(loss.value.scalars[0])
            optimizer.zeroGradients(model.parameters)
            tape.backward(from: loss)
            optimizer.step(model.parameters)
        }
        return (losses, model)
    }

    @Test func aSmallHRNetLowersItsTrainingLoss() throws {
        let losses = Self.train(seed: 6, steps: 15).losses
        let first = try #require(losses.first)
        let last = try #require(losses.last)
        #expect(abs(first - 0.693) < 0.05)
        #expect(last < 0.7 * first, "losses: \(losses)")
    }

    @Test func hrnetTrainingIsBitForBitDeterministicForAFixedSeed() {
        let first = Self.train(seed: 7, steps: 3)
        let second = Self.train(seed: 7, steps: 3)
        #expect(first.losses == second.losses)
        #expect(first.model.parameters.map(\.value) == second.model.parameters.map(\.value))
        #expect(first.model.buffers.map(\.value) == second.model.buffers.map(\.value))
        let other = Self.train(seed: 8, steps: 1)
        #expect(other.model.parameters.map(\.value) != first.model.parameters.map(\.value))
    }
}
