public import Imaging
public import RandomStreams

/// RF, random flipping (the paper's P_flip): of each class, exactly `⌊p·N⌋` of its `N` pixels
/// (see `NoiseCount` for the rounding), chosen uniformly without replacement, take another class.
///
/// Binary (`classes == 2`): a fraction `p` of foreground pixels become background and a fraction
/// `p` of background pixels become foreground, the official `randomFlip(mask, p, p)`. Multi-class:
/// each flipped pixel takes a class drawn uniformly from the `classes − 1` others.
///
/// Draws: classes in ascending label order; for each, `RandomStream.sample(⌊p·N⌋, from: N)` over
/// the class's row-major pixel list, then, only when `classes > 2`, one `nextInt(below: classes − 1)`
/// per flipped pixel in sample order (value `r` means class `r`, or `r + 1` when `r ≥` the pixel's
/// own class). Ignored pixels (255) stay ignored.
public struct RandomFlipping: Sendable, Equatable {
    /// The fraction of each class that is flipped.
    public let p: Double
    /// The number of classes `M`: labels are `0..<M`.
    public let classes: Int

    /// - Throws: `probabilityOutOfRange` unless `0 ≤ p ≤ 1`; `invalidClassCount` unless
    ///   `2 ≤ classes ≤ 255`.
    public init(p: Double, classes: Int = 2) throws(LabelNoiseError) {
        self.p = try Probability.validated(p)
        guard (2...255).contains(classes) else { throw .invalidClassCount(classes) }
        self.classes = classes
    }

    /// The flipped label map of `clean`, drawing from `stream`.
    ///
    /// - Throws: `notBinary` (binary) or `labelOutOfRange` (multi-class) when `clean` holds a
    ///   label outside `0..<classes` other than 255, before anything is drawn.
    public func apply(to clean: LabelMap, stream: inout RandomStream) throws(LabelNoiseError) -> LabelMap {
        try clean.checkLabels(below: classes)
        var labels = clean.labels
        for (label, pixels) in clean.pixelIndicesByClass().enumerated() where !pixels.isEmpty {
            for position in stream.sample(
                NoiseCount.flipped(fraction: p, of: pixels.count), from: pixels.count)
            {
                let other: Int
                if classes == 2 {
                    other = 1 - label
                } else {
                    let draw = stream.nextInt(below: classes - 1)
                    other = draw < label ? draw : draw + 1
                }
                labels[pixels[position]] = UInt8(other)
            }
        }
        return LabelMap(width: clean.width, height: clean.height, labels: labels)
    }
}
