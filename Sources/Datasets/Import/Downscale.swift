public import Imaging

/// Shrinks a Cityscapes import by a whole factor k (`--scale 1/k`), so its 2048×1024 frames
/// train at 1024×512, 512×256, … without resampling guesses.
///
/// Only scales 1/k are accepted, so every output pixel covers exactly one k×k block of input
/// pixels: output pixel (x, y) covers columns k·x…k·x+k−1 and rows k·y…k·y+k−1, and the output is
/// ⌊W/k⌋×⌊H/k⌋ (right and bottom remainders narrower than k are dropped, as `Tiling` drops its
/// border strips). Images take each channel's block mean rounded half up, `(sum + k²/2) / k²` in
/// integers: OpenCV's INTER_AREA and Pillow's `reduce(k)` for whole factors. Labels take the
/// block's pixel (k·x + ⌊k/2⌋, k·y + ⌊k/2⌋), the pixel Pillow's NEAREST resize samples, so no
/// class is averaged into another and 255 stays ignored.
public struct Downscale: Sendable, Equatable {
    /// k: each output pixel covers k×k input pixels.
    public let factor: Int

    /// The largest factor accepted.
    public static let maxFactor = 256

    /// The rules in words, as the manifest records them.
    public static let imageRule = "mean of each k x k block, rounded half up; remainders dropped"
    public static let labelRule = "nearest: the block's pixel (k x + floor(k/2), k y + floor(k/2))"

    /// Accepts `scale` in (0, 1] when it is 1/k for a whole k (within 0.1 %, so 0.333 is 1/3).
    public init(scale: Double) throws(DatasetsError) {
        guard scale.isFinite, scale > 0, scale <= 1 else {
            throw .invalidOption(name: "scale", reason: "\(scale) is outside (0, 1]")
        }
        let factor = (1 / scale).rounded()
        guard abs(scale * factor - 1) <= 1e-3, factor <= Double(Self.maxFactor) else {
            throw .invalidOption(
                name: "scale",
                reason:
                    "\(scale) is not 1/k for a whole k up to \(Self.maxFactor) (use 1, 0.5, 0.25, 0.125, ...)"
            )
        }
        self.factor = Int(factor)
    }

    /// The scale recorded in the spec: exactly 1/k.
    public var scale: Double { 1 / Double(factor) }

    /// Whether a `width`×`height` image keeps at least one pixel.
    public func fits(width: Int, height: Int) -> Bool { width >= factor && height >= factor }

    /// The image shrunk by block means; needs `fits`.
    public func image(_ image: Image) -> Image {
        guard factor > 1 else { return image }
        let width = image.width / factor
        let height = image.height / factor
        let channels = image.channels
        let area = factor * factor
        var samples = [UInt16](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<channels {
                    var sum = 0
                    for row in (y * factor)..<(y * factor + factor) {
                        let start = (row * image.width + x * factor) * channels + channel
                        for column in 0..<factor { sum += Int(image.samples[start + column * channels]) }
                    }
                    samples[(y * width + x) * channels + channel] = UInt16((sum + area / 2) / area)
                }
            }
        }
        return Image(
            width: width, height: height, channels: channels, bitDepth: image.bitDepth, samples: samples)
    }

    /// The labels sampled at each block's pixel (k·x + ⌊k/2⌋, k·y + ⌊k/2⌋); needs `fits`.
    public func labels(_ labels: LabelMap) -> LabelMap {
        guard factor > 1 else { return labels }
        let width = labels.width / factor
        let height = labels.height / factor
        var sampled = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = y * factor + factor / 2
            for x in 0..<width {
                sampled[y * width + x] = labels.labels[row * labels.width + x * factor + factor / 2]
            }
        }
        return LabelMap(width: width, height: height, labels: sampled)
    }
}
