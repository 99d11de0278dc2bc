import NeuralNets
import NumericCore
import RandomStreams
import Testing

/// The AC baseline's masked convolutions and network.
struct AutoregressiveClusteringTests {
    @Test func theExclusiveMaskKeepsTheTapsBeforeTheCentreAndTheInclusiveOneTheCentreToo() {
        var generator = RandomStream(seed: 1, stream: "init")
        let exclusive = MaskedConvolutionLayer(
            inChannels: 1, outChannels: 1, kernelSize: 3, kind: .exclusive, generator: &generator)
        let inclusive = MaskedConvolutionLayer(
            inChannels: 1, outChannels: 1, kernelSize: 3, kind: .inclusive, generator: &generator)
        #expect(exclusive.mask.scalars == [1, 1, 1, 1, 0, 0, 0, 0, 0])
        #expect(inclusive.mask.scalars == [1, 1, 1, 1, 1, 0, 0, 0, 0])
    }

    @Test func theMaskedConvolutionsGradientsMatchFiniteDifferences() {
        var generator = RandomStream(seed: 2, stream: "init")
        let layer = MaskedConvolutionLayer(
            inChannels: 2, outChannels: 3, kernelSize: 3, kind: .inclusive, generator: &generator)
        var fixtures = Fixtures(seed: 5)
        LayerGradientCheck.check(input: fixtures.tensor([1, 2, 4, 5]), parameters: layer.parameters) {
            x, tape in
            layer(x, on: tape)
        }
        // The masked taps take no gradient.
        let tape = Tape(training: true)
        layer.weight.zeroGradient()
        tape.backward(from: tape.sum(layer(tape.constant(fixtures.tensor([1, 2, 4, 5])), on: tape)))
        let gradient = layer.weight.gradient ?? Tensor(zeros: layer.weight.value.shape)
        for (value, kept) in zip(gradient.scalars, layer.mask.scalars) where kept == 0 {
            #expect(value == 0)
        }
    }

    @Test func pixelPermutationsGradientMatchesFiniteDifferences() {
        var fixtures = Fixtures(seed: 6)
        let sources = RasterOrdering(index: 5).sourceIndices(height: 3, width: 3)
        LayerGradientCheck.check(input: fixtures.tensor([2, 1, 3, 3]), parameters: []) { x, tape in
            tape.permutePixels(x, sources: sources)
        }
        #expect(Set(sources) == Set(0..<9))
    }

    /// The output of `forward` at every pixel that comes at or before `changed` in the scan order
    /// `scan` (original pixel indices in scan order) is unchanged when input pixel `scan[changed]` moves.
    private static func expectCausal(
        scan: [Int], changed: Int, input: Tensor, channels: Int, _ forward: (Tensor) -> Tensor
    ) {
        let before = forward(input)
        var perturbed = input
        let plane = input.shape[2] * input.shape[3]
        for channel in 0..<input.shape[1] {
            perturbed[index: [0, channel, scan[changed] / input.shape[3], scan[changed] % input.shape[3]]] +=
                5
        }
        let after = forward(perturbed)
        for position in 0...changed {
            for channel in 0..<channels {
                let index = channel * plane + scan[position]
                #expect(before.scalars[index] == after.scalars[index], "pixel \(scan[position]) moved")
            }
        }
        let later = (changed + 1)..<scan.count
        let moved = later.contains { position in
            (0..<channels).contains {
                before.scalars[$0 * plane + scan[position]] != after.scalars[$0 * plane + scan[position]]
            }
        }
        #expect(moved || later.isEmpty, "a later pixel depends on the changed one")
    }

    @Test func aMaskedLayersOutputDoesNotDependOnPixelsAfterItInRasterOrder() {
        var generator = RandomStream(seed: 3, stream: "init")
        let layer = MaskedConvolutionLayer(
            inChannels: 1, outChannels: 2, kernelSize: 3, kind: .exclusive, generator: &generator)
        var fixtures = Fixtures(seed: 7)
        let input = fixtures.tensor([1, 1, 5, 5])
        for changed in [0, 7, 12, 24] {
            Self.expectCausal(scan: Array(0..<25), changed: changed, input: input, channels: 2) { x in
                let tape = Tape(training: false)
                return layer(tape.constant(x), on: tape).value
            }
        }
    }

    @Test(arguments: [0, 1, 3, 6])
    func theNetworkScanningInAnOrderingSeesOnlyPixelsBeforeEachPixelInIt(ordering: Int) {
        var generator = RandomStream(seed: 4, stream: "init")
        let network = AutoregressiveClusteringNet(
            inChannels: 1, width: 4, clusters: 3, convolutionCount: 3, generator: &generator)
        var fixtures = Fixtures(seed: 8)
        let input = fixtures.tensor([1, 1, 6, 6])
        let order = RasterOrdering(index: ordering)
        let scan = order.sourceIndices(height: 6, width: 6)
        for changed in [4, 17, 30] {
            Self.expectCausal(scan: scan, changed: changed, input: input, channels: 3) { x in
                // Evaluation-mode batch norm is per pixel; training mode would mix in whole-image statistics.
                let tape = Tape(training: false)
                return network(tape.constant(x), ordering: order, on: tape).value
            }
        }
    }

    @Test func trainingOnATwoRegionImageRaisesTheMutualInformationOfTheTwoClusterMaps() {
        var generator = RandomStream(seed: 5, stream: "init")
        let network = AutoregressiveClusteringNet(
            inChannels: 1, width: 6, clusters: 2, convolutionCount: 2, generator: &generator)
        var noise = RandomStream(seed: 5, stream: "data")
        // Left half dark, right half bright, with a little noise.
        let image = Tensor(
            shape: [1, 1, 12, 12],
            scalars: (0..<144).map { index in
                (index % 12 < 6 ? -1 : 1) + 0.1 * noise.nextFloat(in: -1..<1)
            })
        let optimizer = Adam(learningRate: 0.02)
        var losses: [Float] = []
        for step in 0..<40 {
            let tape = Tape(training: true)
            let x = tape.constant(image)
            let loss = tape.invariantInformationLoss(
                network(x, ordering: RasterOrdering(index: step % 8), on: tape),
                network(x, ordering: RasterOrdering(index: (step + 3) % 8), on: tape), halfWindow: 1)
            losses.append(loss.value.scalars[0])
            optimizer.zeroGradients(network.parameters)
            tape.backward(from: loss)
            optimizer.step(network.parameters)
        }
        let first = losses.prefix(5).reduce(0, +) / 5
        let last = losses.suffix(5).reduce(0, +) / 5
        #expect(last < first - 0.1, "loss \(first) → \(last)")
        let tape = Tape(training: true)
        let clusters = network.inference(tape.constant(image), on: tape).value.argmaxChannels()
        #expect(clusters.count == 144)
    }
}
