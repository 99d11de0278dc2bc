import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct DeepLabTests {
    static func tiny(decoder: Bool, outputStride: Int = 16, classes: Int = 1) -> DeepLabConfiguration {
        DeepLabConfiguration(
            classes: classes, baseWidth: 2, blocks: [1, 1, 1], multiGrid: [1, 2], outputStride: outputStride,
            asppChannels: 4, asppRates: [1, 2, 3], lowLevelChannels: 3, decoderChannels: 4,
            usesDecoder: decoder)
    }

    @Test(arguments: [16, 8])
    func theBackboneDownSamplesByTheOutputStrideAndExposesLayer1(outputStride: Int) {
        var generator = RandomStream(seed: 1, stream: "init")
        let backbone = ResNetBackbone(
            configuration: Self.tiny(decoder: true, outputStride: outputStride), generator: &generator)
        let tape = Tape(training: false)
        let (features, lowLevel) = backbone(tape.constant(Tensor(zeros: [1, 1, 64, 64])), on: tape)
        // 64 → 32 (stem) → 16 (max-pool) = layer 1; then ×½ per strided layer.
        #expect(lowLevel.shape == [1, 8, 16, 16])
        #expect(features.shape == [1, 64, 64 / outputStride, 64 / outputStride])
    }

    @Test(arguments: [true, false])
    func theLogitsHaveTheInputsHeightAndWidth(decoder: Bool) {
        var generator = RandomStream(seed: 2, stream: "init")
        let model = DeepLab(configuration: Self.tiny(decoder: decoder, classes: 3), generator: &generator)
        let tape = Tape(training: false)
        #expect(model(tape.constant(Tensor(zeros: [1, 1, 33, 29])), on: tape).shape == [1, 3, 33, 29])
        #expect(Set(model.parameters.map(\.name)).count == model.parameters.count)
        #expect(Set(model.buffers.map(\.name)).count == model.buffers.count)
    }

    @Test func theStructureHasTheDocumentedParameterAndBatchNormCounts() {
        var generator = RandomStream(seed: 3, stream: "init")
        let model = DeepLab(configuration: Self.tiny(decoder: true), generator: &generator)
        // Units (conv + BN): stem 1; bottlenecks 5 × 3 (layers 1–3 one each, layer 4 two) plus 4
        // shortcuts (the first block of each layer changes width; layer 4's second does not); ASPP 5
        // branches + projection 1; decoder low-level 1 + two 3×3. That is 29 units, each with conv weight,
        // BN weight, BN bias, and two buffers, plus the classifier's weight and bias.
        #expect(model.buffers.count == 2 * 29)
        #expect(model.parameters.count == 3 * 29 + 2)
    }

    @Test func tapeGradientsOfATinyDeepLabv3MatchFiniteDifferences() {
        var generator = RandomStream(seed: 4, stream: "init")
        var fixtures = Fixtures(seed: 4)
        let model = DeepLab(configuration: Self.tiny(decoder: true), generator: &generator)
        for parameter in model.parameters where parameter.name.hasSuffix("conv.weight") {
            parameter.value = fixtures.tensor(parameter.value.shape, scale: 0.5)
        }
        let checked = model.parameters.filter {
            [
                "backbone.layer1.0.reduce.conv.weight", "aspp.projection.bn.weight",
                "backbone.layer4.1.spatial.bn.bias",
            ]
            .contains($0.name) || $0.name.contains("classifier")
                || $0.name.hasPrefix("decoder.low_level.conv")
        }
        // Checked in evaluation mode, where batch norm is affine: the image-pooling branch normalises
        // only N = 2 values per channel in training, which makes the loss nearly a step function of the
        // input and finite differences meaningless. Training-mode batch norm is checked per layer, so
        // this test checks the model's wiring. The network is then piecewise linear, and perturbing a
        // weight moves many activations at once, so the step is smaller (3e-4: at 1e-3 some weights
        // cross a ReLU or max-pool kink, visible as a central difference that changes with the step)
        // and the tolerance wider (5e-3 + 2e-2·|g|; a missing or doubled path is off by far more).
        for buffer in model.buffers {
            buffer.value =
                buffer.name.hasSuffix("running_var")
                ? fixtures.tensor(buffer.value.shape, scale: 0.5).map { $0 + 1 }
                : fixtures.tensor(buffer.value.shape, scale: 0.5)
        }
        LayerGradientCheck.check(
            input: fixtures.tensor([2, 1, 16, 16]), parameters: checked, training: false, inputStride: 16,
            absolute: 5e-3, relative: 2e-2, step: 3e-4
        ) { x, tape in
            model(x, on: tape)
        }
    }
}

struct DeepLabTrainingTests {
    @Test func aTinyDeepLabv3LowersItsTrainingLoss() throws {
        var generator = RandomStream(seed: 5, stream: "init")
        let model = DeepLab(configuration: DeepLabTests.tiny(decoder: true), generator: &generator)
        var data = RandomStream(seed: 5, stream: "data")
        let coarse = Tensor.normal(shape: [2, 1, 4, 4], using: &data)
        let images = BilinearUpsampling.forward(coarse, height: 16, width: 16)
        let labels = images.map { $0 > 0 ? 1 : 0 }
        let optimizer = SGD(learningRate: 0.2, momentum: 0.9)
        var dropout = RandomStream(seed: 5, stream: "dropout")
        var losses = [Float]()
        for _ in 0..<20 {
            let tape = Tape(training: true, random: dropout)
            let loss = tape.binaryCrossEntropyWithLogits(
                model(tape.constant(images), on: tape), targets: labels)
            dropout = tape.random ?? dropout
            losses.append(loss.value.scalars[0])
            optimizer.zeroGradients(model.parameters)
            tape.backward(from: loss)
            optimizer.step(model.parameters)
        }
        let first = try #require(losses.first)
        let last = try #require(losses.last)
        // The tiny network starts from N(0, 0.02) weights and learns slowly; in 20 steps the loss falls
        // from log 2 ≈ 0.69 to about 0.4 (deterministic for these seeds and a fixed engine; with learning
        // rate 0.2 and momentum the path is bumpy and moves with the last bits of the kernels' sums, so
        // the bound leaves room).
        #expect(last < 0.85 * first, "losses: \(losses)")
    }
}
