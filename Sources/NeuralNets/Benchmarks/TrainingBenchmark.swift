import NumericCore
internal import RandomStreams

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Measures training and inference speed of the reference U-Net (the Performance article): base width 16,
/// depth 3 (levels 16-32-64-128, 128 the bottleneck), block convolutions without bias, 482,449
/// parameters; input `[batch, 1, 128, 128]`, batch 8.
///
/// A training step is forward (training mode) + BCE on logits + backward + SGD (momentum 0.9, the official
/// learning rate 0.05 and weight decay 1e-3); an inference step is one forward pass in evaluation mode
/// on an inference tape (`Tape.inference()`, no gradient bookkeeping, as PyTorch's `torch.no_grad()`).
/// Images and 0/1 targets are drawn from a `RandomStream` seeded by `seed`, so every run does the same
/// arithmetic. Warm-up steps are run and not timed, then `steps` training steps and `steps` inference
/// steps are timed. Achieved GFLOP/s counts `forwardGFLOPPerImage` per image forward and three times that
/// per image trained (forward + two GEMMs per layer backward).
public struct TrainingBenchmark: Sendable {
    /// The figures of one benchmark run at one thread count (JSON keys are part of the CLI contract).
    public struct Result: Sendable, Codable, Equatable {
        public var threads: Int
        public var batch: Int
        public var steps: Int
        public var warmupSteps: Int
        public var parameters: Int
        public var trainImagesPerSecond: Double
        public var inferImagesPerSecond: Double
        public var trainGFLOPs: Double
        public var inferGFLOPs: Double
        /// Processor time (user + system, all threads) of the timed training and inference steps: on
        /// a busy machine, `images / cpu seconds` at one thread still shows the kernels' own speed.
        public var trainCPUSeconds: Double
        public var inferCPUSeconds: Double
        /// The process's peak resident set size so far (getrusage `ru_maxrss`), in MiB.
        public var peakRSSMiB: Double
        public var blasCore: String
        /// Of the timed training steps' wall time, the share spent in regions run on more than one
        /// thread (the rest ran on one thread), and the share of those regions' thread time the
        /// threads were busy; nil at one thread.
        public var trainParallelShare: Double?
        public var trainParallelBusyShare: Double?

        enum CodingKeys: String, CodingKey {
            case threads
            case batch
            case steps
            case warmupSteps = "warmup_steps"
            case parameters
            case trainImagesPerSecond = "train_images_per_s"
            case inferImagesPerSecond = "infer_images_per_s"
            case trainGFLOPs = "train_gflops"
            case inferGFLOPs = "infer_gflops"
            case trainCPUSeconds = "train_cpu_seconds"
            case inferCPUSeconds = "infer_cpu_seconds"
            case peakRSSMiB = "peak_rss_mib"
            case blasCore = "blas_core"
            case trainParallelShare = "train_parallel_share"
            case trainParallelBusyShare = "train_parallel_busy_share"
        }
    }

    /// Forward cost of the reference U-Net on one 1×128×128 image: 574.9 M multiply-adds in its
    /// convolutions and transposed convolutions, counted as 2 FLOP each.
    public static let forwardGFLOPPerImage = 1.150
    /// A training step counted as three forward passes.
    public static let trainingFactor = 3.0

    /// The reference input extent (height and width) and network; `forwardGFLOPPerImage` holds for these.
    public static let imageExtent = 128
    public static let baseWidth = 16
    public static let depth = 3

    public var batch = 8
    /// Untimed steps before timing (per phase).
    public var warmupSteps = 2
    /// Timed training steps, and timed inference steps.
    public var steps = 10
    public var seed: UInt64 = 0

    public init() {}

    /// Runs the benchmark with `BLAS.threadCount = threads` (left set afterwards); `note` receives
    /// progress lines.
    public func run(threads: Int, note: (String) -> Void = { _ in }) -> Result {
        precondition(
            threads >= 1 && steps >= 1 && warmupSteps >= 0 && batch >= 1,
            "TrainingBenchmark: need threads ≥ 1, steps ≥ 1, warmupSteps ≥ 0, batch ≥ 1; got threads=\(threads) "
                + "steps=\(steps) warmupSteps=\(warmupSteps) batch=\(batch)")
        BLAS.threadCount = threads
        var generator = RandomStream(seed: seed, stream: StreamName.initialWeights)
        let model = UNet(
            baseWidth: Self.baseWidth, depth: Self.depth, convolutionBias: false, generator: &generator)
        let parameters = model.parameters
        var data = RandomStream(seed: seed, stream: StreamName.Benchmark.images)
        let images = Tensor.normal(shape: [batch, 1, Self.imageExtent, Self.imageExtent], using: &data)
        var labelStream = RandomStream(seed: seed, stream: StreamName.Benchmark.labels)
        let targets = Tensor(
            shape: images.shape,
            scalars: (0..<images.count).map { _ in
                labelStream.nextBool(probability: 0.3) ? 1 : 0
            })
        let optimizer = SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)

        func trainStep() {
            let tape = Tape(training: true)
            let logits = model(tape.constant(images), on: tape)
            let loss = tape.binaryCrossEntropyWithLogits(logits, targets: targets)
            optimizer.zeroGradients(parameters)
            tape.backward(from: loss)
            optimizer.step(parameters)
        }
        func inferStep() {
            let tape = Tape.inference()
            _ = model(tape.constant(images), on: tape)
        }

        note("\(threads) thread(s): \(warmupSteps) warm-up + \(steps) timed training steps of batch \(batch)")
        for _ in 0..<warmupSteps { trainStep() }
        let trainStart = Self.processorSeconds()
        let activityBefore = ParallelActivity.total
        let trainSeconds = Self.seconds { for _ in 0..<steps { trainStep() } }
        let trainActivity = ParallelActivity.total.since(activityBefore)
        let trainCPU = Self.processorSeconds() - trainStart
        note("\(threads) thread(s): \(warmupSteps) warm-up + \(steps) timed inference steps")
        for _ in 0..<warmupSteps { inferStep() }
        let inferStart = Self.processorSeconds()
        let inferSeconds = Self.seconds { for _ in 0..<steps { inferStep() } }
        let inferCPU = Self.processorSeconds() - inferStart

        let imageCount = Double(batch * steps)
        let trainRate = imageCount / trainSeconds
        let inferRate = imageCount / inferSeconds
        let flopPerImage = Self.forwardGFLOPPerImage
        return Result(
            threads: threads, batch: batch, steps: steps, warmupSteps: warmupSteps,
            parameters: parameters.reduce(0) { $0 + $1.value.count },
            trainImagesPerSecond: trainRate, inferImagesPerSecond: inferRate,
            trainGFLOPs: trainRate * flopPerImage * Self.trainingFactor,
            inferGFLOPs: inferRate * flopPerImage, trainCPUSeconds: trainCPU, inferCPUSeconds: inferCPU,
            peakRSSMiB: Self.peakResidentMiB(), blasCore: BLAS.coreName,
            trainParallelShare: threads > 1
                ? Double(trainActivity.regionNanoseconds) / (trainSeconds * 1e9) : nil,
            trainParallelBusyShare: threads > 1 ? trainActivity.busyShare : nil)
    }

    /// Wall-clock seconds of `body`.
    static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        let parts = elapsed.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// User + system processor seconds of the whole process so far (getrusage).
    static func processorSeconds() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        #else
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's peak resident set size in MiB (`ru_maxrss` is KiB on Linux, bytes on macOS).
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1_048_576
        #else
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1024
        #endif
    }
}
