public import ArtifactStore
internal import CanonicalJSON
internal import Foundation
internal import NumericCore
public import Runs

/// Re-executes recorded runs in scratch space and compares every output id with the record
/// (the Architecture article, "Determinism"): the database is copied to a scratch file, each run is forced there
/// with the BLAS thread count it recorded, and the original file is never written.
public struct RunAudit: Sendable {
    /// The verdict on one run.
    public struct Finding: Sendable, Equatable {
        public var run: ContentID
        public var kind: String
        public var identical: Bool
        /// The first output role (sorted) whose id differs or that only one side has.
        public var firstDifference: String?
        /// For a differing curve: its first differing point (1-based x index) and the largest
        /// absolute difference over the curve.
        public var curvePoint: Int?
        public var largestDifference: Double?
        public var seconds: Double
        /// How many divergent copies of the run the database holds (results another database
        /// computed differently, kept by `msdb merge`).
        public var divergentCopies = 0
        /// When the recomputed outputs differ from the record but equal a divergent copy's: that
        /// copy's source database.
        public var matchingCopySource: String?
    }

    public let original: Store
    public let scratch: Store

    /// Copies `original` into `scratchPath` (which must not exist yet).
    public init(original: Store, scratchPath: String) throws {
        self.original = original
        scratch = try original.copy(to: scratchPath)
    }

    /// The kinds an audit can re-execute (everything `SpecRunner` runs).
    public static var auditableKinds: [String] { SpecRunner.kinds.map(\.rawValue) }

    /// Re-executes `run` and compares.
    public func audit(
        _ record: RunRecord, progress: (TrainingProgress) throws -> Void = { _ in }
    ) throws -> Finding {
        let spec = try SpecRunner.parse(record.spec)
        if let threads = RunEnvironment.blasThreads(recordedIn: record.environment) {
            BLAS.threadCount = threads
        }
        let started = Date()
        let outcome = try SpecRunner(store: scratch).run(spec, force: true, progress: progress)
        var finding = Finding(
            run: record.id, kind: record.kind, identical: outcome.outputs == record.outputs,
            seconds: Date().timeIntervalSince(started))
        let copies = try original.divergentCopies(of: record.id)
        finding.divergentCopies = copies.count
        guard !finding.identical else { return finding }
        // This machine may compute what another one did: name the copy it agrees with.
        finding.matchingCopySource = copies.first { $0.outputs == outcome.outputs }?.source
        let roles = Set(outcome.outputs.keys).union(record.outputs.keys).sorted()
        guard let role = roles.first(where: { outcome.outputs[$0] != record.outputs[$0] }) else {
            return finding
        }
        finding.firstDifference = role
        if let recorded = record.outputs[role], let again = outcome.outputs[role],
            let a = try? Curve(canonicalBytes: Array(scratch.get(recorded).bytes)),
            let b = try? Curve(canonicalBytes: Array(scratch.get(again).bytes))
        {
            let pairs = Array(zip(a.y, b.y))
            finding.curvePoint = pairs.firstIndex { $0.0 != $0.1 }.map { $0 + 1 }
            finding.largestDifference = pairs.map { abs($0.0 - $0.1) }.max()
        }
        return finding
    }
}
