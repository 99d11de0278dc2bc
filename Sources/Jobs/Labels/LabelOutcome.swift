public import ArtifactStore
public import Runs

/// What a label job gave: the run, the stored clean and noisy labels, and the noisy label's pixel
/// counts (recorded as the run's metrics, so a cache hit has them without reading the label).
public struct LabelOutcome: Sendable, Equatable {
    /// The run: its id, outputs (role `label`) and whether it came from the cache.
    public var run: RunOutcome
    /// The clean label the run read (input role `clean`).
    public var clean: ContentID
    /// The noisy label (output role `label`).
    public var label: ContentID
    /// Pixels of the noisy label that are neither background nor ignored.
    public var foreground: Int
    /// Pixels of the noisy label marked ignore (255).
    public var ignored: Int
}
