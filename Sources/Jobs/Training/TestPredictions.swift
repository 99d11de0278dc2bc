internal import ArtifactStore
internal import Foundation
internal import Runs

/// The `prediction/test/<NNN>` outputs of a run: one `prediction` artifact per test image
/// (`PredictionEncoding`, one channel), numbered from 000 in the split's order with at least three
/// digits. Shared by supervised training, iGTT and the baselines.
public enum TestPredictions {
    /// The role of test image `index` among `count`.
    static func role(_ index: Int, of count: Int) -> String {
        "prediction/test/" + paddedNumber(index, of: count)
    }

    /// `index` with leading zeros to at least three digits (and to the width of `count`).
    public static func paddedNumber(_ index: Int, of count: Int) -> String {
        let digits = max(3, String(count).count)
        return String(repeating: "0", count: max(0, digits - String(index).count)) + String(index)
    }

    /// The artifacts for `scores` (per image, `height·width` values).
    static func artifacts(_ scores: [[Float]], height: Int, width: Int) -> [String: ProducedArtifact] {
        var artifacts: [String: ProducedArtifact] = [:]
        for (index, values) in scores.enumerated() {
            artifacts[role(index, of: scores.count)] = ProducedArtifact(
                kind: .prediction,
                bytes: Data(
                    PredictionEncoding.bytes(channels: 1, height: height, width: width, scores: values)))
        }
        return artifacts
    }
}
