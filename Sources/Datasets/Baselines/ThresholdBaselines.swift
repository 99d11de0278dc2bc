internal import Evaluation
public import Imaging

/// The two classical baselines of Table 3 scored on a binary split, with the pixels of all its
/// images pooled: Dice = 2TP / (2TP + FP + FN) over the split.
///
/// - Otsu: `Otsu.foreground` on each image at its own bit depth (16-bit images are thresholded on
///   their 16-bit scale, as scikit-image does).
/// - AGT: each image is first scaled to 8 bits linearly from its own minimum and maximum
///   (`eightBit(_:)`), then OpenCV's adaptive Gaussian threshold with `agtBlockSize` and
///   `agtOffset`. The block of 25 px spans about one ER mesh, so the local mean follows the uneven
///   background but not single tubes; the offset of −10 (threshold 10 grey levels above the local
///   mean) keeps background noise out. These are the values the ER generator is calibrated with.
public enum ThresholdBaselines {
    /// AGT block size in pixels (odd).
    public static let agtBlockSize = 25
    /// AGT offset `C` in grey levels of the 8-bit image (foreground: `src > mean − C`).
    public static let agtOffset = -10.0

    /// Pooled Dice of both baselines over `samples`, or an error if a label is not 0/1 or the AGT
    /// settings are invalid (even block size).
    public static func dice(
        _ samples: [LabeledImage], agtBlockSize blockSize: Int = agtBlockSize,
        agtOffset offset: Double = agtOffset
    ) throws -> (otsu: Double, agt: Double) {
        var otsu = BinaryConfusion()
        var agt = BinaryConfusion()
        let threshold = try AdaptiveThreshold(blockSize: blockSize, offset: offset)
        for sample in samples {
            let truth = sample.labels.labels
            try otsu.add(prediction: Otsu.foreground(sample.image).mask.pixels, truth: truth, ignore: nil)
            try agt.add(
                prediction: threshold.foreground(eightBit(sample.image)).pixels, truth: truth, ignore: nil)
        }
        return (otsu.dice, agt.dice)
    }

    /// The image scaled to 8 bits: `round((v − min) / (max − min) · 255)`, all zeros when the image
    /// is constant. An 8-bit image is returned unchanged. Only the first channel is used.
    public static func eightBit(_ image: Image) -> Image {
        if image.bitDepth == .eight && image.channels == 1 { return image }
        let plane = image.plane(channel: 0)
        return Image(quantizing: plane, bitDepth: .eight)
    }
}
