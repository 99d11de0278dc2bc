public import ArtifactStore
public import Runs

/// What a dataset run gave: the run, the manifest's id and the manifest.
public struct DatasetOutcome: Sendable {
    public var run: RunOutcome
    public var manifestID: ContentID
    public var manifest: DatasetManifest
}
