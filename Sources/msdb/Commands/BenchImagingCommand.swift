import ArgumentParser
import Foundation
import Jobs
import LabelNoise
import Reproduction
import Runs

/// `msdb bench imaging`: codec, morphology, KDE and label-generation speed on a 1024×1024 scene.
struct BenchImagingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imaging",
        abstract: "PNG/TIFF decode MB/s, skeleton and KDE time, and RS/RF/RL labels per second.",
        discussion:
            "Works in the system's temporary directory; never touches --db. MB/s counts decoded sample "
            + "bytes (an 8-bit PNG, a 16-bit deflate TIFF)."
    )

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "The side of the square scene in pixels.")
    var size = 1024

    @Option(help: "Repeat each timed step for at least this many seconds.")
    var repeatSeconds = 0.5

    func validate() throws {
        guard (64...8192).contains(size) else { throw ValidationError("--size must be between 64 and 8192") }
        guard repeatSeconds >= 0, repeatSeconds <= 60 else {
            throw ValidationError("--repeat-seconds must be between 0 and 60")
        }
    }

    func run() throws {
        var benchmark = ImagingBenchmark()
        benchmark.size = size
        benchmark.minimumSeconds = repeatSeconds
        let result = try benchmark.run(scratchDirectory: FileManager.default.temporaryDirectory) {
            CommandOutput.note("bench imaging: \($0)")
        }
        if json {
            try CommandOutput.printJSON(result)
            return
        }
        let f = { (value: Double) in String(format: "%.1f", value) }
        let side = "\(result.size)×\(result.size)"
        print(
            CommandOutput.table([
                [
                    "png decode", "\(f(result.pngDecodeMBPerSecond)) MB/s",
                    "8-bit \(side), \(CommandOutput.bytes(result.pngBytes)) file",
                ],
                [
                    "tiff decode", "\(f(result.tiffDecodeMBPerSecond)) MB/s",
                    "16-bit deflate \(side), \(CommandOutput.bytes(result.tiffBytes)) file",
                ],
                [
                    "skeleton", "\(f(result.skeletonSeconds * 1000)) ms",
                    "\(side) mask, \(f(result.foregroundFraction * 100))% foreground",
                ],
                ["kde", "\(f(result.kdeSeconds * 1000)) ms", "bandwidth \(f(result.kdeBandwidth)) px"],
                ["rs labels", "\(f(result.rsLabelsPerSecond))/s", "p = 0.5"],
                ["rf labels", "\(f(result.rfLabelsPerSecond))/s", "p = 0.3"],
                ["rl labels", "\(f(result.rlLabelsPerSecond))/s", "p = 0.1"],
            ]))
    }
}
