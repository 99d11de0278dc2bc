public import Foundation
import Imaging
internal import RandomStreams

/// Measures the imaging and label-noise primitives on one synthetic 1024×1024 scene: PNG (8-bit)
/// and TIFF (16-bit, deflate) decoding, the skeleton and a KDE map of its mask, and RS, RF and RL
/// label generation. Figures, not pass/fail.
///
/// The scene is fixed (drawn from seed 1, stream `"bench"`): thick curved lines and disks, about
/// an ER image's foreground fraction, on a textured background with noise, so the codecs compress
/// realistic data and the skeleton has real work.
public struct ImagingBenchmark: Sendable {
    /// The figures of one benchmark run; the JSON keys are part of the CLI contract.
    public struct Result: Sendable, Codable {
        public var size: Int
        public var foregroundFraction: Double
        public var pngBytes: Int
        public var pngDecodeMBPerSecond: Double
        public var tiffBytes: Int
        public var tiffDecodeMBPerSecond: Double
        public var skeletonSeconds: Double
        public var kdeBandwidth: Double
        public var kdeSeconds: Double
        public var rsLabelsPerSecond: Double
        public var rfLabelsPerSecond: Double
        public var rlLabelsPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case size
            case foregroundFraction = "foreground_fraction"
            case pngBytes = "png_bytes"
            case pngDecodeMBPerSecond = "png_decode_mb_per_s"
            case tiffBytes = "tiff_bytes"
            case tiffDecodeMBPerSecond = "tiff_decode_mb_per_s"
            case skeletonSeconds = "skeleton_seconds"
            case kdeBandwidth = "kde_bandwidth"
            case kdeSeconds = "kde_seconds"
            case rsLabelsPerSecond = "rs_labels_per_s"
            case rfLabelsPerSecond = "rf_labels_per_s"
            case rlLabelsPerSecond = "rl_labels_per_s"
        }
    }

    /// The side of the square scene in pixels.
    public var size = 1024
    /// The KDE bandwidth in pixels.
    public var kdeBandwidth = 8.0
    /// Each timed step repeats until it has run this long (and at least twice).
    public var minimumSeconds = 0.5

    public init() {}

    /// Runs the benchmark, writing its two image files in a new directory under
    /// `scratchDirectory` that is removed afterwards. "MB/s" counts decoded sample bytes (10⁶).
    public func run(scratchDirectory: URL, note: (String) -> Void = { _ in }) throws -> Result {
        let directory = scratchDirectory.appending(path: "msdb-bench-imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (mask, image8, image16) = scene()
        let pngPath = directory.appending(path: "scene.png").path
        let tiffPath = directory.appending(path: "scene.tif").path
        try ImageFile.write(image8, path: pngPath)
        try ImageFile.write(image16, path: tiffPath, compression: .deflate)
        let megabytes8 = Double(size * size) / 1e6
        let megabytes16 = Double(size * size * 2) / 1e6

        note("decoding png and tiff")
        let png = try perCall { _ = try ImageFile.read(path: pngPath) }
        let tiff = try perCall { _ = try ImageFile.read(path: tiffPath) }
        note("skeleton and kde")
        let skeleton = try perCall { _ = mask.skeletonized() }
        let kde = try perCall { _ = try KDEMap.density(of: mask, bandwidth: kdeBandwidth) }
        note("label generation")
        let clean = LabelMap(mask: mask)
        var seed: Int64 = 0
        let recipes: [NoiseRecipe] = [
            .sampling(try RandomSampling(p: 0.5)), .flipping(try RandomFlipping(p: 0.3)),
            .generation(try RandomGeneration(p: 0.1)),
        ]
        let labelSeconds = try recipes.map { recipe in
            try perCall {
                seed += 1
                _ = try recipe.apply(to: clean, seed: Seed(nonNegative: seed))
            }
        }
        return Result(
            size: size, foregroundFraction: Double(mask.foregroundCount) / Double(size * size),
            pngBytes: try fileSize(pngPath), pngDecodeMBPerSecond: megabytes8 / png,
            tiffBytes: try fileSize(tiffPath), tiffDecodeMBPerSecond: megabytes16 / tiff,
            skeletonSeconds: skeleton, kdeBandwidth: kdeBandwidth, kdeSeconds: kde,
            rsLabelsPerSecond: 1 / labelSeconds[0], rfLabelsPerSecond: 1 / labelSeconds[1],
            rlLabelsPerSecond: 1 / labelSeconds[2])
    }

    /// The mean wall time of one call of `body`, repeated for at least `minimumSeconds` and twice.
    private func perCall(_ body: () throws -> Void) throws -> Double {
        var calls = 0
        let start = Date()
        repeat {
            try body()
            calls += 1
        } while calls < 2 || Date().timeIntervalSince(start) < minimumSeconds
        return Date().timeIntervalSince(start) / Double(calls)
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// The synthetic scene: its mask, an 8-bit image and a 16-bit image of it.
    private func scene() -> (Mask, Image, Image) {
        let sceneSeed: Seed = 1
        var stream = sceneSeed.stream(StreamName.Benchmark.scene)
        var mask = Mask(width: size, height: size)
        let scale = Double(size)
        func stamp(_ x: Double, _ y: Double, radius: Double) {
            let reach = Int(radius.rounded(.up))
            let centerX = Int(x.rounded())
            let centerY = Int(y.rounded())
            for dy in -reach...reach {
                for dx in -reach...reach where Double(dx * dx + dy * dy) <= radius * radius {
                    let px = centerX + dx
                    let py = centerY + dy
                    if px >= 0 && px < size && py >= 0 && py < size { mask[px, py] = 1 }
                }
            }
        }
        for _ in 0..<(size / 16) {
            var x = stream.nextDouble() * scale
            var y = stream.nextDouble() * scale
            var heading = stream.nextDouble() * 2 * Double.pi
            let width = 1 + stream.nextDouble() * 1.5
            for _ in 0..<(size / 4) {
                stamp(x, y, radius: width)
                heading += (stream.nextDouble() - 0.5) * 0.3
                x += cos(heading)
                y += sin(heading)
            }
        }
        for _ in 0..<(size / 32) {
            stamp(
                stream.nextDouble() * scale, stream.nextDouble() * scale, radius: 4 + stream.nextDouble() * 12
            )
        }
        var samples8 = [UInt16](repeating: 0, count: size * size)
        var samples16 = [UInt16](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let background = 40 + 30 * sin(Double(x) / 97) * cos(Double(y) / 131)
                let value = background + (mask[x, y] == 1 ? 120 : 0) + 12 * stream.nextNormal()
                let clamped = min(max(value, 0), 255)
                samples8[y * size + x] = UInt16(clamped)
                samples16[y * size + x] = UInt16(clamped * 257)
            }
        }
        return (
            mask, Image(width: size, height: size, channels: 1, bitDepth: .eight, samples: samples8),
            Image(width: size, height: size, channels: 1, bitDepth: .sixteen, samples: samples16)
        )
    }
}
