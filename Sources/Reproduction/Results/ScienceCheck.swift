public import ArtifactStore
internal import Jobs
internal import Runs

/// One of the science checks (the paper's claims, checked on a profile's runs), evaluated on
/// recorded runs: the claim, the threshold rule behind its numbers, the numbers compared, and
/// whether the claim holds.
public struct ScienceCheck: Sendable, Equatable {
    /// Which prediction rule the compared numbers use.
    public enum Rule: String, Sendable, Equatable {
        /// Foreground where sigmoid > 0.5 (msdb's recorded `dice`).
        case halfSigmoid = "sigmoid>0.5"
        /// At the threshold that maximises pooled test IoU, as the official evaluation picks it
        /// (`dice_searched`; a method with a binary output has no threshold and keeps its Dice).
        case searched
        /// Multi-class mIoU of the arg-max class.
        case argmax
    }

    /// One compared number: what it is (`CL`, `RF 0.45`, `iGTT w/ EMS`) and its value (a fraction).
    public struct Measurement: Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    /// A short key: `unet-cl`, `rf-0.45`, `pcl-order`, `table2-rf-0.9`, ...
    public var name: String
    /// The claim in words.
    public var claim: String
    public var rule: Rule
    public var measurements: [Measurement]
    public var holds: Bool
    /// The runs behind the numbers, sorted, without repeats.
    public var runIDs: [ContentID]
}
