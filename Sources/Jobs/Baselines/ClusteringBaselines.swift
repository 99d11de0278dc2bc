internal import NeuralNets
internal import NumericCore
internal import RandomStreams
internal import Runs

/// The two learned clustering baselines on one image (z-scored as for training, `[1, C, H, W]`),
/// each returning a cluster number per pixel. Every draw comes from named streams of the run's seed
/// that depend only on the image's index, so each image's result is reproducible on its own.
enum ClusteringBaselines {
    /// DFC (Kim, Kanezaki, Tanaka 2020) as its reference code runs it: a fresh `FeatureClusteringNet`
    /// (`init/image-<NNN>`), SGD; each iteration takes the argmax labels of the response, counts
    /// the distinct ones, steps on `CE(response, argmax) + μ·continuity`, and stops once at most
    /// `minLabels` labels remain or after `iterations`; the clusters are the argmax of one more
    /// forward pass (training-mode batch norm, as the reference never switches to evaluation).
    static func dfc(
        _ example: TrainingExample, parameters p: BaselineSettings.DFCParameters, seed: Seed, name: String
    ) -> [Int32] {
        var generator = seed.stream(StreamName.clusteringWeights(image: name))
        let network = FeatureClusteringNet(
            inChannels: example.channels, channels: p.channels, convolutionCount: p.convolutions,
            generator: &generator)
        let optimizer = SGD(learningRate: Float(p.learningRate), momentum: Float(p.momentum))
        let input = Tensor(
            shape: [1, example.channels, example.height, example.width], scalars: example.image)
        for _ in 0..<p.iterations {
            let tape = Tape(training: true)
            let response = network(tape.constant(input), on: tape)
            let labels = Set(response.value.argmaxChannels()).count
            let loss = tape.featureClusteringLoss(response, continuityWeight: Float(p.mu))
            optimizer.zeroGradients(network.parameters)
            tape.backward(from: loss)
            optimizer.step(network.parameters)
            if labels <= p.minLabels { break }
        }
        let tape = Tape(training: true)
        return network(tape.constant(input), on: tape).value.argmaxChannels()
    }

    /// AC (Ouali, Hudelot, Tami 2020): a fresh `AutoregressiveClusteringNet` (`init/image-<NNN>`),
    /// Adam; each iteration draws two different raster orderings (`orderings/image-<NNN>`; all eight
    /// for a square image, the four without a quarter turn otherwise), computes the two cluster maps
    /// with masked convolutions and steps on the IIC loss between them over a displacement window of
    /// half side `halfWindow`. The clusters are the argmax of the unmasked network in the identity
    /// ordering (training-mode batch norm, the statistics of the image itself).
    static func ac(
        _ example: TrainingExample, parameters p: BaselineSettings.ACParameters, seed: Seed, name: String
    ) -> [Int32] {
        var generator = seed.stream(StreamName.clusteringWeights(image: name))
        let network = AutoregressiveClusteringNet(
            inChannels: example.channels, width: p.width, clusters: p.clusters,
            convolutionCount: p.convolutions,
            generator: &generator)
        let optimizer = Adam(learningRate: Float(p.learningRate))
        var orderings = seed.stream(StreamName.clusteringOrderings(image: name))
        let square = example.height == example.width
        let input = Tensor(
            shape: [1, example.channels, example.height, example.width], scalars: example.image)
        for _ in 0..<p.iterations {
            let count = square ? 8 : 4
            let first = orderings.nextInt(below: count)
            let second = (first + 1 + orderings.nextInt(below: count - 1)) % count
            let (a, b) = square ? (first, second) : (2 * first, 2 * second)
            let tape = Tape(training: true)
            let x = tape.constant(input)
            let loss = tape.invariantInformationLoss(
                network(x, ordering: RasterOrdering(index: a), on: tape),
                network(x, ordering: RasterOrdering(index: b), on: tape), halfWindow: p.halfWindow)
            optimizer.zeroGradients(network.parameters)
            tape.backward(from: loss)
            optimizer.step(network.parameters)
        }
        let tape = Tape(training: true)
        return network.inference(tape.constant(input), on: tape).value.argmaxChannels()
    }
}
