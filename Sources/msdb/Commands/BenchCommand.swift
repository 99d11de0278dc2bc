import ArgumentParser
import ArtifactStore
import Foundation
import NeuralNets

/// `msdb bench`: the benchmarks, one subcommand per layer.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure msdb's speed (figures, not pass/fail).",
        subcommands: [BenchStoreCommand.self, BenchImagingCommand.self, BenchTrainCommand.self]
    )
}

/// `msdb bench store`: store throughput on a scratch database.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Put/get throughput for small blobs and a 64 MB blob, and verify next to sha256sum.",
        discussion: "Runs on a scratch database in the system's temporary directory, never on --db."
    )

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "How many small blobs to store.")
    var smallCount = 10_000

    @Option(help: "Size of the large blob in MiB.")
    var largeMiB = 64

    func validate() throws {
        guard smallCount > 0 else { throw ValidationError("--small-count must be positive") }
        guard (1...900).contains(largeMiB) else {
            throw ValidationError("--large-mib must be between 1 and 900")
        }
    }

    func run() throws {
        var benchmark = StoreBenchmark()
        benchmark.smallBlobs = smallCount
        benchmark.largeBlobBytes = largeMiB * 1_048_576
        let result = try benchmark.run(scratchDirectory: FileManager.default.temporaryDirectory) { message in
            CommandOutput.note("bench store: \(message)")
        }
        if json {
            try CommandOutput.printJSON(result)
            return
        }
        let f = { (value: Double) in String(format: "%.1f", value) }
        var rows = [
            [
                "small put", "\(f(result.smallPutPerSecond)) blobs/s",
                "\(result.smallBlobs) × \(result.smallBlobBytes) B",
            ],
            ["small get", "\(f(result.smallGetPerSecond)) blobs/s", "verified on read"],
            [
                "large put", "\(f(result.largePutMBPerSecond)) MB/s",
                "\(f(result.largeBlobMB)) MB, zlib ratio \(f(result.largeCompressionRatio))",
            ],
            ["large get", "\(f(result.largeGetMBPerSecond)) MB/s", "inflate + SHA-256"],
            ["verify", "\(f(result.verifyMBPerSecond)) MB/s", "every blob"],
            ["sha256 (libcrypto)", "\(f(result.sha256MBPerSecond)) MB/s", "same bytes, hashing only"],
        ]
        if let rate = result.sha256sumMBPerSecond, let ratio = result.verifyToSha256sum {
            rows.append([
                "sha256sum", "\(f(rate)) MB/s",
                "same bytes; verify is \(String(format: "%.2f", ratio))× of it",
            ])
        }
        print(CommandOutput.table(rows))
    }
}

/// `msdb bench train`: training and inference speed of the reference U-Net.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train and infer the reference U-Net (482,449 parameters, batch 8 of 1×128×128).",
        discussion: """
            Reports images/s for training (forward + BCE + backward + SGD with momentum 0.9) and inference \
            (forward, evaluation mode), achieved GFLOP/s (1.150 GFLOP per image forward, training counted as \
            3×) and the process's peak RSS; at more than one thread, the share of the training time spent \
            in parallel regions and how busy the threads were in them (what keeps 2 threads from twice the \
            speed). Without --threads it runs at 1 and then 2 BLAS threads.
            """
    )

    @Option(help: "BLAS threads (default: 1, then 2).")
    var threads: Int?

    @Option(help: "Timed steps per phase.")
    var steps = 10

    @Option(help: "Untimed warm-up steps per phase.")
    var warmupSteps = 2

    @Flag(help: "Print JSON: one object with --threads, else an array.")
    var json = false

    /// PyTorch 2.13 CPU reference figures (threads → train, infer images/s). Measured side by
    /// side on a session machine PyTorch ran slower (8.8 / 14.8 train img/s), so these are a reference
    /// to track, not a same-machine peer.
    static let pytorchReference: [Int: (train: Double, infer: Double)] = [1: (27, 85), 2: (48, 177)]

    func validate() throws {
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256")
        }
        guard steps > 0 else { throw ValidationError("--steps must be positive") }
        guard warmupSteps >= 0 else { throw ValidationError("--warmup-steps must not be negative") }
    }

    func run() throws {
        var benchmark = TrainingBenchmark()
        benchmark.steps = steps
        benchmark.warmupSteps = warmupSteps
        let results = (threads.map { [$0] } ?? [1, 2]).map { count in
            benchmark.run(threads: count) { CommandOutput.note("bench train: \($0)") }
        }
        if json {
            if threads != nil, let result = results.first {
                try CommandOutput.printJSON(result)
            } else {
                try CommandOutput.printJSON(results)
            }
            return
        }
        let f = { (value: Double) in String(format: "%.1f", value) }
        let ratio = { (value: Double, reference: Double?) in
            reference.map { String(format: "%.2f×", value / $0) } ?? "–"
        }
        var rows = [
            [
                "threads", "train img/s", "train GFLOP/s", "infer img/s", "infer GFLOP/s", "peak RSS",
                "train vs quoted PyTorch", "infer vs quoted PyTorch",
            ]
        ]
        for result in results {
            let reference = Self.pytorchReference[result.threads]
            rows.append([
                "\(result.threads)", f(result.trainImagesPerSecond), f(result.trainGFLOPs),
                f(result.inferImagesPerSecond), f(result.inferGFLOPs), "\(f(result.peakRSSMiB)) MiB",
                ratio(result.trainImagesPerSecond, reference?.train),
                ratio(result.inferImagesPerSecond, reference?.infer),
            ])
        }
        print(CommandOutput.table(rows))
        for result in results {
            guard let share = result.trainParallelShare, let busy = result.trainParallelBusyShare else {
                continue
            }
            print(
                String(
                    format:
                        "training at %d threads: %.1f%% of the time in parallel regions, threads busy %.1f%% of it",
                    result.threads, share * 100, busy * 100))
        }
        print(
            "ratios are to PyTorch 2.13 CPU reference figures (train 27 / 48, infer 85 / 177 img/s at "
                + "1 / 2 threads), not measured here; for a same-machine comparison run "
                + "Tests/Benchmarks/pytorch_unet_bench.py beside this command")
    }
}
