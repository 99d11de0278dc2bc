import NeuralNets
import NumericCore
import RandomStreams
import Testing

struct FeatureClusteringTests {
    @Test func argmaxOverChannelsPicksTheFirstLargestChannelPerPixel() {
        // Two pixels, three channels: pixel 0 has (1, 3, 3) → 1 (first of the tie); pixel 1 (5, −1, 2) → 0.
        let response = Tensor(shape: [1, 3, 1, 2], scalars: [1, 5, 3, -1, 3, 2])
        #expect(response.argmaxChannels() == [1, 0])
    }

    @Test func theContinuityLossAveragesAbsoluteVerticalAndHorizontalDifferences() {
        // One 2×2 plane [[0, 1], [3, 5]]: vertical |3 − 0|, |5 − 1| → mean 3.5; horizontal |1 − 0|,
        // |5 − 3| → mean 1.5; total 5.
        let tape = Tape(training: true)
        let x = tape.variable(Tensor(shape: [1, 1, 2, 2], scalars: [0, 1, 3, 5]))
        let loss = tape.continuityLoss(x)
        #expect(loss.value.scalars == [5])
        tape.backward(from: loss)
        // d/dx00 = −1/2 (vertical) − 1/2 (horizontal) = −1; d/dx01 = −1/2 + 1/2 = 0;
        // d/dx10 = 1/2 − 1/2 = 0; d/dx11 = 1/2 + 1/2 = 1.
        #expect(tape.gradient(of: x)?.scalars == [-1, 0, 0, 1])
    }

    @Test func theDFCLossGradientMatchesFiniteDifferences() {
        var fixtures = Fixtures(seed: 41)
        // Distinct values keep the argmax labels and the absolute values fixed under small steps.
        LayerGradientCheck.check(input: fixtures.distinctTensor([1, 3, 3, 4]), parameters: []) { x, tape in
            tape.featureClusteringLoss(x, continuityWeight: 5)
        }
    }

    @Test func theDFCNetworkHasTheReferenceStructure() {
        var generator = RandomStream(seed: 1, stream: "init")
        let model = FeatureClusteringNet(inChannels: 1, channels: 100, generator: &generator)
        // conv1 1→100 (900 + 100), bn1 200, conv2 100→100 (90000 + 100), bn2 200, 1×1 (10000 + 100), bn 200.
        let expected = 1000 + 200 + 90_100 + 200 + 10_100 + 200
        let count = model.parameters.reduce(0) { $0 + $1.value.count }
        #expect(count == expected)
        let tape = Tape(training: true)
        #expect(model(tape.constant(Tensor(zeros: [1, 1, 5, 7])), on: tape).shape == [1, 100, 5, 7])
    }

    @Test func dfcTrainingMergesClustersAndLowersItsLoss() throws {
        var generator = RandomStream(seed: 2, stream: "init")
        let model = FeatureClusteringNet(inChannels: 1, channels: 8, generator: &generator)
        var data = RandomStream(seed: 2, stream: "data")
        let image = BilinearUpsampling.forward(
            Tensor.normal(shape: [1, 1, 3, 3], using: &data), height: 12, width: 12)
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        var losses = [Float]()
        var clusters = [Int]()
        for _ in 0..<30 {
            let tape = Tape(training: true)
            let response = model(tape.constant(image), on: tape)
            clusters.append(Set(response.value.argmaxChannels()).count)
            let loss = tape.featureClusteringLoss(response)
            losses.append(loss.value.scalars[0])
            optimizer.zeroGradients(model.parameters)
            tape.backward(from: loss)
            optimizer.step(model.parameters)
        }
        let first = try #require(losses.first)
        let last = try #require(losses.last)
        #expect(last < 0.5 * first, "losses: \(losses)")
        #expect((clusters.last ?? 8) < (clusters.first ?? 0), "clusters: \(clusters)")
    }
}
