internal import Jobs
internal import Runs

/// Which training labels a supervised run uses, by the names of the CSV columns: `noise`
/// is `cl rs rf rl dilate erode skeleton`, `ratio` the noise probability (nil for `cl` and the
/// morphological labels).
public struct LabelChoice: Sendable, Hashable {
    public var noise: String
    public var ratio: Double?

    public init(_ noise: String, _ ratio: Double? = nil) {
        self.noise = noise
        self.ratio = ratio
    }

    public static let clean = LabelChoice("cl")

    /// `rs 0.1`, `cl`.
    public var title: String { ratio.map { "\(noise) \($0)" } ?? noise }
}
