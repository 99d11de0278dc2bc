public import Imaging
public import RandomStreams

/// RS, random sampling (the paper's P_sample): of each class, exactly `⌈p·N⌉` of its `N` pixels,
/// chosen uniformly without replacement, keep their label; the others become `unsampled`.
///
/// Classes are processed in ascending label order; for each, `RandomStream.sample(k, from: N)`
/// picks positions in the class's row-major pixel list. Pixels already ignored (255) stay ignored
/// and belong to no class. Works for binary masks and multi-class maps alike.
public struct RandomSampling: Sendable, Equatable {
    /// What an unsampled pixel becomes.
    public enum Unsampled: String, Sendable, Equatable, CaseIterable {
        /// The ignore label 255, excluded from the loss: the paper's definition (the default).
        case ignore
        /// Background (0), as the official binary code does: only non-background classes are
        /// sampled, since sampling background cannot change it.
        case background
    }

    /// The fraction of each class that is kept.
    public let p: Double
    public let unsampled: Unsampled

    /// - Throws: `LabelNoiseError.probabilityOutOfRange` unless `0 ≤ p ≤ 1`.
    public init(p: Double, unsampled: Unsampled = .ignore) throws(LabelNoiseError) {
        self.p = try Probability.validated(p)
        self.unsampled = unsampled
    }

    /// The sampled label map of `clean`, drawing from `stream`.
    public func apply(to clean: LabelMap, stream: inout RandomStream) -> LabelMap {
        let fill: UInt8 = unsampled == .ignore ? LabelMap.ignore : 0
        var labels = clean.labels
        for (label, pixels) in clean.pixelIndicesByClass().enumerated() where !pixels.isEmpty {
            if unsampled == .background && label == 0 { continue }
            var keep = [Bool](repeating: false, count: pixels.count)
            for position in stream.sample(NoiseCount.kept(fraction: p, of: pixels.count), from: pixels.count)
            {
                keep[position] = true
            }
            for (position, pixel) in pixels.enumerated() where !keep[position] {
                labels[pixel] = fill
            }
        }
        return LabelMap(width: clean.width, height: clean.height, labels: labels)
    }
}
