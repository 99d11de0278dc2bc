public import ArtifactStore
internal import Runs

extension ArtifactKind {
    /// A training run's noisy train labels (`LabelSet`).
    public static var labelSet: ArtifactKind { known("label_set") }
    /// A multi-class confusion matrix (`ConfusionEncoding`).
    public static var confusion: ArtifactKind { known("confusion") }

    /// A kind whose name is a literal of this file, valid by construction.
    private static func known(_ name: String) -> ArtifactKind {
        do {
            return try ArtifactKind(name)
        } catch {
            preconditionFailure("artifact kind '\(name)': \(error)")
        }
    }
}
