internal import CanonicalJSON
internal import Datasets
internal import NeuralNets
internal import NumericCore
internal import RandomStreams

/// What a run's cost depends on in its dataset: the split sizes and the image shape.
public struct DatasetShape: Sendable, Hashable {
    public var train: Int
    public var test: Int
    public var height: Int
    public var width: Int
    public var channels: Int
    /// Output channels of a supervised network: 1 for a binary set, else the class count.
    public var classes: Int

    public init(train: Int, test: Int, height: Int, width: Int, channels: Int, classes: Int) {
        self.train = train
        self.test = test
        self.height = height
        self.width = width
        self.channels = channels
        self.classes = classes
    }
}

/// Counts the work of training, iGTT and baseline runs from their settings and the dataset's
/// shape (`RunWork`).
///
/// A network's forward pass is counted once per architecture on a 64×64 image of the dataset's
/// channel count (the tape counts the multiply-adds of every convolution) and scaled by the pixel
/// count, which is exact for these fully convolutional networks at sizes their strides divide
/// (ASPP's image-pooling branch, a few 1×1 convolutions, is the only part that does not scale).
/// Counts are kept, so a plan of hundreds of runs counts each network once.
public struct WorkEstimator: Sendable {
    private var forwardCounts: [String: Double] = [:]

    /// The side of the image networks are counted on.
    static let countedSide = 64

    public init() {}

    /// Supervised training: every epoch trains on the train split and evaluates the test split.
    public mutating func work(of settings: TrainingSettings, on shape: DatasetShape) -> RunWork {
        epochs(settings.schedule.epochs, forward: forward(settings.network, shape: shape), shape: shape)
    }

    /// iGTT: as training (a binary network); thresholding and EMS are pixel work, not counted.
    public mutating func work(of settings: IGTTSettings, on shape: DatasetShape) -> RunWork {
        var binary = shape
        binary.classes = 1
        return epochs(
            settings.schedule.epochs, forward: forward(settings.network, shape: binary), shape: shape)
    }

    /// A baseline over the test split: the clustering networks train on each test image for their
    /// iterations (DFC's early stop makes its count an upper bound; AC's step runs two orderings);
    /// the thresholds count as nothing.
    public mutating func work(of settings: BaselineSettings, on shape: DatasetShape) -> RunWork {
        switch settings.method {
        case .otsu, .agt:
            return .none
        case .dfc(let p):
            let forward = counted("dfc \(p.channels) \(p.convolutions)", shape: shape) { generator in
                let network = FeatureClusteringNet(
                    inChannels: shape.channels, channels: p.channels, convolutionCount: p.convolutions,
                    generator: &generator)
                return { network($0, on: $1) }
            }
            let images = Double(shape.test)
            return RunWork(training: images * Double(p.iterations) * forward, evaluation: images * forward)
        case .ac(let p):
            let forward = counted("ac \(p.width) \(p.clusters) \(p.convolutions)", shape: shape) {
                generator in
                let network = AutoregressiveClusteringNet(
                    inChannels: shape.channels, width: p.width, clusters: p.clusters,
                    convolutionCount: p.convolutions, generator: &generator)
                return { network.inference($0, on: $1) }
            }
            let images = Double(shape.test)
            return RunWork(
                training: images * Double(p.iterations) * 2 * forward, evaluation: images * forward)
        }
    }

    private func epochs(_ epochs: Int, forward: Double, shape: DatasetShape) -> RunWork {
        RunWork(
            training: Double(epochs * shape.train) * forward,
            evaluation: Double(epochs * shape.test) * forward)
    }

    /// Forward multiply-adds of `network` on one image of `shape`.
    private mutating func forward(_ network: NetworkConfiguration, shape: DatasetShape) -> Double {
        counted("\(JSONValue.object(network.parameters).canonicalText) \(shape.classes)", shape: shape) {
            generator in
            let model = network.build(
                inChannels: shape.channels, classes: shape.classes, generator: &generator)
            return { model($0, on: $1) }
        }
    }

    /// The forward count of the network `make` builds, by `key`, scaled from the counted side to
    /// the shape's pixels.
    private mutating func counted(
        _ key: String, shape: DatasetShape,
        make: (inout RandomStream) -> (Variable, Tape) -> Variable
    ) -> Double {
        let side = Self.countedSide
        let fullKey = "\(key) c\(shape.channels)"
        let count: Double
        if let known = forwardCounts[fullKey] {
            count = known
        } else {
            var generator = Seed(nonNegative: 0).stream(StreamName.initialWeights)
            let forward = make(&generator)
            let tape = Tape.inference()
            let zeros = Tensor(
                shape: [1, shape.channels, side, side],
                scalars: [Float](repeating: 0, count: shape.channels * side * side))
            _ = forward(tape.constant(zeros), tape)
            count = Double(tape.multiplyAdds)
            forwardCounts[fullKey] = count
        }
        return count * Double(shape.height * shape.width) / Double(side * side)
    }
}
