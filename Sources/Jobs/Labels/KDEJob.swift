public import ArtifactStore
internal import CanonicalJSON
internal import Foundation
public import Imaging
public import Runs

/// A KDE map (the PaperMethods article, "KDE maps"; Figure 6) as a cached run of kind `kde`: params
/// `{"bandwidth": h}`, input `mask` (the mask stored as a `label` artifact), output `kde` (the
/// `MSDBKDE1` bytes), metrics `sum` and `max` of the density. The same mask and bandwidth are one
/// run id.
public struct KDEJob: Sendable {
    public static let kind = RunKind.kde

    public let bandwidth: Double

    /// - Throws: `RunError.invalidParameter` for a bandwidth that is not a finite number > 0.
    public init(bandwidth: Double) throws(RunError) {
        guard bandwidth > 0, bandwidth.isFinite else {
            throw .invalidParameter(
                name: "bandwidth", reason: "must be a finite number > 0, got \(bandwidth)")
        }
        self.bandwidth = bandwidth
    }

    /// The run's spec on the stored mask `mask`.
    public func spec(mask: ContentID) -> RunSpec {
        RunSpec(kind: Self.kind, params: ["bandwidth": .number(bandwidth)], inputs: ["mask": mask])
    }

    /// Stores `mask` as a `label` artifact and computes its density, or finds it in the store.
    ///
    /// - Throws: `RunError.invalidParameter` for a mask without foreground (no density).
    public func run(mask: Mask, store: Store, force: Bool = false) throws -> RunOutcome {
        guard mask.foregroundCount > 0 else {
            throw RunError.invalidParameter(
                name: "mask", reason: "it has no foreground pixels, so no density")
        }
        let label = try store.put(kind: .label, bytes: Data(mask.canonicalBytes))
        return try InstantRunner(store: store).run(spec(mask: label), force: force) {
            let density = try KDEMap.density(of: mask, bandwidth: bandwidth)
            let bytes = KDEMap.canonicalBytes(of: density, bandwidth: bandwidth)
            return RunProduct(
                artifacts: ["kde": ProducedArtifact(kind: .kde, bytes: Data(bytes))],
                metrics: ["sum": density.values.reduce(0, +), "max": density.values.max() ?? 0])
        }
    }
}
