public import ArtifactStore
internal import CanonicalJSON
internal import Jobs
internal import Runs

/// The finished runs of a store by `RunKey`, read once: how reports find the runs a plan needs
/// without recomputing anything. When several done runs share a key (e.g. runs of two label-set
/// variants), the most recent one is used.
public struct RunIndex: Sendable {
    private var runs: [RunKey: RunRecord] = [:]

    /// Reads every done run of `kinds` from `store`.
    public init(store: Store, kinds: Set<String>) throws {
        for record in try store.runs(.done) where kinds.contains(record.kind) {
            guard let spec = try? JSONParser.parse(record.spec), let params = spec["params"] else {
                continue
            }
            let dataset = spec["inputs"]?["dataset"]?.stringValue.flatMap { ContentID(hex: $0) }
            let key = RunKey(kind: record.kind, params: params, seed: record.seed, dataset: dataset)
            if let known = runs[key], known.createdAt > record.createdAt { continue }
            runs[key] = record
        }
    }

    /// The done run recorded under `key`, if any.
    public subscript(key: RunKey) -> RunRecord? { runs[key] }
}
