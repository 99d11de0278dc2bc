public import ArtifactStore

/// The counted work of one run, in convolution multiply-adds (`Tape.multiplyAdds`): what it
/// trains (each image forward and backward) and what it only evaluates (forward), on one workload.
/// Turned into time by that workload's measured throughput on this machine.
public struct RunWork: Sendable, Equatable {
    /// Forward multiply-adds of the images trained on, summed over epochs or iterations; the
    /// backward pass is priced by the throughput's training rate, which counts a step as three
    /// forwards.
    public var training: Double
    /// Forward multiply-adds of evaluation-mode passes (the test split after each epoch).
    public var evaluation: Double
    /// The workload the work runs on (`WorkEstimator`'s key), nil for work that is not counted.
    public var workload: String?

    public init(training: Double = 0, evaluation: Double = 0, workload: String? = nil) {
        self.training = training
        self.evaluation = evaluation
        self.workload = workload
    }

    public static let none = RunWork()

    /// The estimated seconds at `throughput`: 2 FLOP per multiply-add, a training image at three
    /// forwards' cost.
    public func seconds(at throughput: MeasuredThroughput) -> Double {
        2 * training * 3 / (throughput.trainGFLOPs * 1e9) + 2 * evaluation / (throughput.inferGFLOPs * 1e9)
    }
}
