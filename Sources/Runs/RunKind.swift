/// The kinds of run msdb records. The raw value is the `kind` a spec and the `runs` table carry, so
/// it never changes; each kind has one job that runs its specs (`RunJob`, registered in a
/// `RunJobRegistry`).
public enum RunKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A dataset: synthesised from a seed, or imported from a folder.
    case dataset
    /// One noisy label made from a clean one.
    case label
    /// A kernel density estimate of a mask.
    case kde
    /// Supervised training of a segmentation network.
    case train
    /// iGTT, the paper's unsupervised training.
    case igtt
    /// One of Table 3's baselines over a dataset's test split.
    case baseline
    /// The noisy train labels of one training run, in the train split's order.
    case labelSet = "label_set"

    public var description: String { rawValue }
}
