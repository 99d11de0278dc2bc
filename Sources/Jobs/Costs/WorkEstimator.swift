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
/// shape (`RunWork`), and keeps each run's workload (its network at its input shape and batch) so
/// that the workload's throughput can be measured (`measure`).
///
/// A network's forward pass is counted on the tape (the multiply-adds of every convolution) on one
/// image of the run's shape. Counts and networks are kept, so a plan of hundreds of runs counts and
/// measures each workload once.
public struct WorkEstimator {
    /// A workload: how to build its network, its input shape and batch, and its counted forward.
    struct Workload {
        let build: (inout RandomStream) -> (Variable, Tape) -> Variable
        let shape: [Int]
        let forwardMultiplyAdds: Double
    }

    private var workloads: [String: Workload] = [:]

    public init() {}

    /// Supervised training: every epoch trains on the train split and evaluates the test split.
    public mutating func work(of settings: TrainingSettings, on shape: DatasetShape) -> RunWork {
        let key = network(settings.network, shape: shape, batch: settings.schedule.batch)
        return epochs(settings.schedule.epochs, workload: key, shape: shape)
    }

    /// iGTT: as training a binary network; thresholding and EMS are pixel work, not counted.
    public mutating func work(of settings: IGTTSettings, on shape: DatasetShape) -> RunWork {
        var binary = shape
        binary.classes = 1
        let key = network(settings.network, shape: binary, batch: settings.schedule.batch)
        return epochs(settings.schedule.epochs, workload: key, shape: shape)
    }

    /// A baseline over the test split: the clustering networks train on each test image for their
    /// iterations (DFC's early stop makes its count an upper bound; AC's step runs two orderings);
    /// the thresholds count as nothing.
    public mutating func work(of settings: BaselineSettings, on shape: DatasetShape) -> RunWork {
        let input = [1, shape.channels, shape.height, shape.width]
        let images = Double(shape.test)
        switch settings.method {
        case .otsu, .agt:
            return .none
        case .dfc(let p):
            let key = workload("dfc q\(p.channels) n\(p.convolutions)", input: input) { generator in
                let network = FeatureClusteringNet(
                    inChannels: shape.channels, channels: p.channels, convolutionCount: p.convolutions,
                    generator: &generator)
                return { network($0, on: $1) }
            }
            let forward = workloads[key]?.forwardMultiplyAdds ?? 0
            return RunWork(
                training: images * Double(p.iterations) * forward, evaluation: images * forward, workload: key
            )
        case .ac(let p):
            let key = workload("ac w\(p.width) k\(p.clusters) n\(p.convolutions)", input: input) {
                generator in
                let network = AutoregressiveClusteringNet(
                    inChannels: shape.channels, width: p.width, clusters: p.clusters,
                    convolutionCount: p.convolutions, generator: &generator)
                return { network.inference($0, on: $1) }
            }
            let forward = workloads[key]?.forwardMultiplyAdds ?? 0
            return RunWork(
                training: images * Double(p.iterations) * 2 * forward, evaluation: images * forward,
                workload: key)
        }
    }

    /// Times `workload` here: after one warm-up, training steps (forward in training mode, a sum as
    /// the loss, backward; the optimiser's update is not timed) at its batch, then evaluation passes
    /// of one image, each repeated until half a second has passed (2 to 20 times); returns the
    /// achieved GFLOP/s of each.
    public func measure(_ key: String) -> (trainGFLOPs: Double, inferGFLOPs: Double) {
        guard let workload = workloads[key] else {
            preconditionFailure("WorkEstimator: unknown workload \(key)")
        }
        var generator = Seed(nonNegative: 0).stream(StreamName.initialWeights)
        let forward = workload.build(&generator)
        var data = Seed(nonNegative: 0).stream(StreamName.Benchmark.images)
        let batch = Tensor.normal(shape: workload.shape, using: &data)
        var single = workload.shape
        single[0] = 1
        let image = Tensor.normal(shape: single, using: &data)
        let dropout = Seed(nonNegative: 0).stream(StreamName.dropout(epoch: 1))
        func trainStep() {
            let tape = Tape(training: true, random: dropout)
            tape.backward(from: tape.sum(forward(tape.constant(batch), tape)))
        }
        func evaluate() {
            let tape = Tape.inference()
            _ = forward(tape.constant(image), tape)
        }
        trainStep()
        let trainSeconds = Self.averageSeconds(trainStep) / Double(workload.shape[0])
        evaluate()
        let evaluationSeconds = Self.averageSeconds(evaluate)
        let flop = 2 * workload.forwardMultiplyAdds
        return (3 * flop / trainSeconds / 1e9, flop / evaluationSeconds / 1e9)
    }

    private func epochs(_ epochs: Int, workload key: String, shape: DatasetShape) -> RunWork {
        let forward = workloads[key]?.forwardMultiplyAdds ?? 0
        return RunWork(
            training: Double(epochs * shape.train) * forward,
            evaluation: Double(epochs * shape.test) * forward,
            workload: key)
    }

    /// The workload of a segmentation network trained at `batch` (at most the train split).
    private mutating func network(_ network: NetworkConfiguration, shape: DatasetShape, batch: Int) -> String
    {
        let batch = max(1, min(batch, shape.train))
        return workload(
            "\(JSONValue.object(network.parameters).canonicalText) classes \(shape.classes)",
            input: [batch, shape.channels, shape.height, shape.width]
        ) { generator in
            let model = network.build(
                inChannels: shape.channels, classes: shape.classes, generator: &generator)
            return { model($0, on: $1) }
        }
    }

    /// Registers (once) and counts the workload of `name` on `input` (`[batch, C, H, W]`); returns
    /// its key.
    private mutating func workload(
        _ name: String, input: [Int], build: @escaping (inout RandomStream) -> (Variable, Tape) -> Variable
    ) -> String {
        let key = "\(name) \(input[1])x\(input[2])x\(input[3]) batch \(input[0])"
        guard workloads[key] == nil else { return key }
        var generator = Seed(nonNegative: 0).stream(StreamName.initialWeights)
        let forward = build(&generator)
        let tape = Tape.inference()
        let count = input[1] * input[2] * input[3]
        _ = forward(
            tape.constant(
                Tensor(shape: [1] + input.dropFirst(), scalars: [Float](repeating: 0, count: count))), tape)
        workloads[key] = Workload(build: build, shape: input, forwardMultiplyAdds: Double(tape.multiplyAdds))
        return key
    }

    /// The mean wall time of `body` over 2 to 20 calls, stopping once half a second has passed.
    private static func averageSeconds(_ body: () -> Void) -> Double {
        var total = 0.0
        var calls = 0
        while calls < 2 || (total < 0.5 && calls < 20) {
            total += seconds(body)
            calls += 1
        }
        return total / Double(calls)
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
