import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb bench`: the benchmarks, one subcommand per layer.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure msdb's speed (figures, not pass/fail).",
        subcommands: [BenchStoreCommand.self, BenchImagingCommand.self]
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
            ["sha256 (swift-crypto)", "\(f(result.sha256MBPerSecond)) MB/s", "same bytes, hashing only"],
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
