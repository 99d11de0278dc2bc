public import Imaging
internal import NumericCore
public import RandomStreams
internal import Runs

/// iGTT's EMS step: from a binary label, a sparse label that keeps only a jittered sample of its
/// meta-structure (the one-pixel skeleton).
///
/// 1. Skeletonise (`Mask.skeletonized()`, scikit-image's Zhang–Suen); let `N` be its pixel count.
/// 2. For every skeleton pixel in row-major order draw `dh`, then `dw`, each uniform in `{−r…r}`
///    (`nextInt(in:)`), and move the pixel by them, clipped to the image.
/// 3. Keep `⌈p·N⌉` of the `N` moved pixels, a uniform subset (`RandomStream.sample`).
///
/// The result is 1 at the kept positions (moved pixels that land on one place count once, so it can
/// hold fewer than `⌈p·N⌉` foreground pixels). iGTT redraws it from a fresh named stream each time a
/// label is loaded.
public struct MetaStructureSampling: Sendable, Equatable {
    /// `r`, the largest shift in each direction.
    public var radius: Int
    /// `p`, the fraction of skeleton pixels kept.
    public var fraction: Double

    public init(radius: Int = 1, fraction: Double = 0.1) {
        precondition(
            radius >= 0 && (0...1).contains(fraction),
            "MetaStructureSampling: need r ≥ 0 and p in [0, 1], got \(radius), \(fraction)")
        self.radius = radius
        self.fraction = fraction
    }

    /// The number of pixels kept from a skeleton of `count` pixels, `⌈p·N⌉`.
    public func keptCount(of count: Int) -> Int {
        min(count, Int((fraction * Double(count)).rounded(.up)))
    }

    /// The sparse label of `mask`, drawing from `stream`.
    public func apply(_ mask: Mask, using stream: inout RandomStream) -> Mask {
        let (w, h) = (mask.width, mask.height)
        let skeleton = mask.skeletonized()
        var moved = [Int]()
        for (index, value) in skeleton.pixels.enumerated() where value != 0 {
            let dy = stream.nextInt(in: -radius...radius)
            let dx = stream.nextInt(in: -radius...radius)
            let y = min(max(index / w + dy, 0), h - 1)
            let x = min(max(index % w + dx, 0), w - 1)
            moved.append(y * w + x)
        }
        var result = Mask(width: w, height: h)
        for position in stream.sample(keptCount(of: moved.count), from: moved.count) {
            result.pixels[moved[position]] = 1
        }
        return result
    }
}
