public import Imaging

/// How a training image is z-scored before the network sees it (`(x − mean) / std`, population
/// std; a constant group of samples becomes zeros).
///
/// Microscopy is single-channel, where the two rules compute the same bits; they differ on colour
/// images. A `train` spec records `normalization: channel` and leaves the key out for `image`, so
/// every spec written before the choice existed keeps its id and its meaning.
public enum Normalization: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// One mean and deviation over all pixels and channels (the rule of every run before colour
    /// sets, and still the rule of iGTT and the baselines).
    case image
    /// One mean and deviation per channel: natural colour images, whose channels differ in level
    /// and spread, each get zero mean and unit variance.
    case channel

    public var description: String { rawValue }

    /// The rule that suits images of `channels` channels: per channel for colour, whole-image (the
    /// same numbers) for one channel.
    public static func suited(toChannels channels: Int) -> Normalization {
        channels > 1 ? .channel : .image
    }

    /// `image` z-scored by this rule, as planar `[C, H, W]` values (channel planes in order). Sums
    /// run over pixels in order and, within a pixel, over the channels that share a mean, so the
    /// whole-image rule adds the samples in storage order.
    public func planarZScores(of image: Image) -> [Float] {
        let channels = image.channels
        let pixels = image.width * image.height
        let groups: [Range<Int>] = self == .channel ? (0..<channels).map { $0..<$0 + 1 } : [0..<channels]
        var planar = [Float](repeating: 0, count: image.samples.count)
        for group in groups {
            let count = Double(pixels * group.count)
            var total = 0.0
            for pixel in 0..<pixels {
                for channel in group { total += Double(image.samples[pixel * channels + channel]) }
            }
            let mean = total / count
            var squares = 0.0
            for pixel in 0..<pixels {
                for channel in group {
                    let centred = Double(image.samples[pixel * channels + channel]) - mean
                    squares += centred * centred
                }
            }
            let deviation = (squares / count).squareRoot()
            let scale = deviation > 0 ? 1 / deviation : 0
            for pixel in 0..<pixels {
                for channel in group {
                    planar[channel * pixels + pixel] = Float(
                        (Double(image.samples[pixel * channels + channel]) - mean) * scale)
                }
            }
        }
        return planar
    }
}
