import ArtifactStore
import Jobs
import NeuralNets
import Testing

/// Counted work of planned runs: the reference U-Net's known forward count, scaled by pixels,
/// epochs and images, and the baselines' share.
@Suite struct WorkEstimatorTests {
    /// The benchmark network's forward multiply-adds on one 128×128 image (1.150 GFLOP, 2 per
    /// multiply-add), stated independently of the counter.
    static let referenceForward = TrainingBenchmark.forwardGFLOPPerImage / 2 * 1e9

    static func shape(side: Int, train: Int = 10, test: Int = 4) -> DatasetShape {
        DatasetShape(train: train, test: test, height: side, width: side, channels: 1, classes: 1)
    }

    @Test func trainingCountsEveryEpochsTrainAndTestImages() {
        var settings = TrainingSettings(
            network: .unet(width: TrainingBenchmark.baseWidth, depth: TrainingBenchmark.depth))
        settings.schedule.epochs = 3
        var estimator = WorkEstimator()
        let work = estimator.work(of: settings, on: Self.shape(side: TrainingBenchmark.imageExtent))
        #expect(abs(work.training / (3 * 10 * Self.referenceForward) - 1) < 1e-3)
        #expect(abs(work.evaluation / (3 * 4 * Self.referenceForward) - 1) < 1e-3)
        // Four times the pixels, four times the work.
        let larger = estimator.work(of: settings, on: Self.shape(side: 2 * TrainingBenchmark.imageExtent))
        #expect(abs(larger.training / work.training - 4) < 1e-9)
    }

    @Test func igttCostsWhatTrainingTheSameNetworkCosts() {
        let network = NetworkConfiguration.unet(width: 8, depth: 3)
        var training = TrainingSettings(network: network)
        training.schedule.epochs = 5
        var igtt = IGTTSettings(network: network)
        igtt.schedule.epochs = 5
        var estimator = WorkEstimator()
        #expect(
            estimator.work(of: igtt, on: Self.shape(side: 64))
                == estimator.work(of: training, on: Self.shape(side: 64)))
    }

    @Test func thresholdsCostNothingAndClusteringScalesWithIterations() throws {
        var estimator = WorkEstimator()
        let shape = Self.shape(side: 64)
        #expect(estimator.work(of: try BaselineSettings(methodNamed: "otsu"), on: shape) == .none)
        var dfc = BaselineSettings.DFCParameters()
        dfc.iterations = 10
        let ten = estimator.work(of: BaselineSettings(method: .dfc(dfc)), on: shape)
        dfc.iterations = 20
        let twenty = estimator.work(of: BaselineSettings(method: .dfc(dfc)), on: shape)
        #expect(ten.training > 0 && abs(twenty.training / ten.training - 2) < 1e-9)
        #expect(ten.evaluation == twenty.evaluation)
    }

    @Test func aMeasuredWorkloadHasAPositiveThroughput() throws {
        var estimator = WorkEstimator()
        let work = estimator.work(
            of: TrainingSettings(network: .unet(width: 4, depth: 2)), on: Self.shape(side: 32))
        let key = try #require(work.workload)
        let (train, infer) = estimator.measure(key)
        #expect(train > 0 && train.isFinite && infer > 0 && infer.isFinite)
    }

    @Test func secondsFollowTheThroughput() {
        let work = RunWork(training: 1e9, evaluation: 1e9)
        let throughput = MeasuredThroughput(
            machine: "m", threads: 1, workload: "w", trainGFLOPs: 6, inferGFLOPs: 2)
        // 2e9 FLOP × 3 at 6 GFLOP/s plus 2e9 FLOP at 2 GFLOP/s.
        #expect(abs(work.seconds(at: throughput) - 2) < 1e-12)
    }
}
