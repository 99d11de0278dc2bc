internal import ChildProcesses
public import Foundation

/// Measures the store on a scratch database: put/get of many small blobs and of one large
/// checkpoint-like blob, `verify` throughput, and `sha256sum` on the same bytes for scale.
public struct StoreBenchmark: Sendable {
    /// The figures of one benchmark run (JSON keys are part of the CLI contract).
    public struct Result: Sendable, Codable {
        public var smallBlobs: Int
        public var smallBlobBytes: Int
        public var smallPutPerSecond: Double
        public var smallGetPerSecond: Double
        public var largeBlobMB: Double
        public var largeCompressionRatio: Double
        public var largePutMBPerSecond: Double
        public var largeGetMBPerSecond: Double
        public var verifyMBPerSecond: Double
        public var sha256MBPerSecond: Double
        public var sha256sumMBPerSecond: Double?
        public var verifyToSha256sum: Double?

        enum CodingKeys: String, CodingKey {
            case smallBlobs = "small_blobs"
            case smallBlobBytes = "small_blob_bytes"
            case smallPutPerSecond = "small_put_per_s"
            case smallGetPerSecond = "small_get_per_s"
            case largeBlobMB = "large_blob_mb"
            case largeCompressionRatio = "large_compression_ratio"
            case largePutMBPerSecond = "large_put_mb_per_s"
            case largeGetMBPerSecond = "large_get_mb_per_s"
            case verifyMBPerSecond = "verify_mb_per_s"
            case sha256MBPerSecond = "sha256_mb_per_s"
            case sha256sumMBPerSecond = "sha256sum_mb_per_s"
            case verifyToSha256sum = "verify_to_sha256sum"
        }
    }

    public var smallBlobs = 10_000
    public var smallBlobBytes = 1024
    public var largeBlobBytes = 64 * 1024 * 1024

    public init() {}

    /// Runs the benchmark in a new directory under `scratchDirectory` and removes it afterwards.
    public func run(scratchDirectory: URL, note: (String) -> Void = { _ in }) throws -> Result {
        let directory = scratchDirectory.appending(path: "msdb-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appending(path: "bench.sqlite").path)
        var generator = BenchmarkGenerator(state: 0x6d73_6462)

        note("putting \(smallBlobs) blobs of \(smallBlobBytes) bytes")
        let small = (0..<smallBlobs).map { _ in generator.labelLikeBytes(count: smallBlobBytes) }
        var ids: [ContentID] = []
        ids.reserveCapacity(small.count)
        let putSeconds = try Self.time {
            for bytes in small { ids.append(try store.put(kind: .label, bytes: bytes)) }
        }
        note("getting them back")
        let getSeconds = try Self.time { for id in ids { _ = try store.get(id) } }

        note("putting one \(largeBlobBytes / 1_048_576) MiB checkpoint-like blob")
        let large = generator.checkpointLikeBytes(count: largeBlobBytes)
        var largeID: ContentID?
        let largePutSeconds = try Self.time { largeID = try store.put(kind: .checkpoint, bytes: large) }
        guard let largeID, let largeInfo = try store.info(largeID) else {
            throw StoreError.database("large blob lost")
        }
        let largeGetSeconds = try Self.time {
            let blob = try store.get(largeID)
            precondition(blob.bytes == large, "64 MB blob did not round-trip")
        }

        note("verifying")
        let report = try store.verify()
        precondition(report.isHealthy, "benchmark database failed verification: \(report.corrupt)")
        let totalRaw = Double(report.rawBytes)

        note("hashing the same bytes with libcrypto (SHA256Hasher) and sha256sum")
        let hashSeconds = try Self.time {
            for bytes in small { _ = SHA256Hasher.hash(bytes) }
            _ = SHA256Hasher.hash(large)
        }
        let sha256sumSeconds = try Self.sha256sumSeconds(small: small, large: large, directory: directory)

        let megabyte = 1_000_000.0
        let sha256sumRate = sha256sumSeconds.map { totalRaw / $0 / megabyte }
        let verifyRate = totalRaw / report.seconds / megabyte
        return Result(
            smallBlobs: smallBlobs, smallBlobBytes: smallBlobBytes,
            smallPutPerSecond: Double(smallBlobs) / putSeconds,
            smallGetPerSecond: Double(smallBlobs) / getSeconds,
            largeBlobMB: Double(largeBlobBytes) / megabyte,
            largeCompressionRatio: Double(largeInfo.rawSize) / Double(largeInfo.storedSize),
            largePutMBPerSecond: Double(largeBlobBytes) / largePutSeconds / megabyte,
            largeGetMBPerSecond: Double(largeBlobBytes) / largeGetSeconds / megabyte,
            verifyMBPerSecond: verifyRate, sha256MBPerSecond: totalRaw / hashSeconds / megabyte,
            sha256sumMBPerSecond: sha256sumRate, verifyToSha256sum: sha256sumRate.map { verifyRate / $0 })
    }

    private static func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Times `sha256sum` over the same raw bytes (one file for the small blobs, one for the large),
    /// or nil where the tool is missing.
    private static func sha256sumSeconds(small: [Data], large: Data, directory: URL) throws -> Double? {
        let smallFile = directory.appending(path: "small.bin")
        let largeFile = directory.appending(path: "large.bin")
        try small.reduce(into: Data()) { $0.append($1) }.write(to: smallFile)
        try large.write(to: largeFile)
        var status: Int32 = -1
        do {
            let seconds = try time {
                let child = try ChildProcess(
                    executable: URL(fileURLWithPath: "/usr/bin/env"),
                    arguments: ["sha256sum", smallFile.path, largeFile.path], standardOutput: .discard,
                    standardError: .discard)
                status = child.wait()
            }
            return status == 0 ? seconds : nil
        } catch {
            return nil
        }
    }
}

/// Deterministic test data: a SplitMix64 stream (the benchmark must not depend on a run's seed).
struct BenchmarkGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mostly-0 bytes with runs of 1s, like a small binary mask.
    mutating func labelLikeBytes(count: Int) -> Data {
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            let run = Int(next() % 24) + 1
            let value: UInt8 = next() % 4 == 0 ? 1 : 0
            for offset in index..<min(count, index + run) { bytes[offset] = value }
            index += run
        }
        return Data(bytes)
    }

    /// Little-endian Float32 weights drawn near N(0, 0.02), like a freshly initialised network.
    mutating func checkpointLikeBytes(count: Int) -> Data {
        var floats = [Float](repeating: 0, count: count / 4)
        for index in floats.indices {
            // Sum of four uniforms, scaled: close enough to a normal for compression behaviour.
            let sum = (0..<4).reduce(0.0) { partial, _ in partial + Double(next() >> 11) / Double(1 << 53) }
            floats[index] = Float((sum - 2) * 0.02 * 1.732)
        }
        return floats.withUnsafeBytes { Data($0) }
    }
}
