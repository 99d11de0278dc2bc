internal import ArtifactStore
internal import Runs

extension RunContext {
    /// The last per-epoch checkpoint (`checkpoint/epoch-<k>`, `k ≤ epochs`) an earlier, unfinished
    /// attempt of this run left, decoded and checked to record epoch `k`; `nil` for a fresh start (a
    /// forced rerun of a finished run starts afresh, so that it recomputes everything).
    func latestCheckpoint(upTo epochs: Int) throws -> Checkpoint? {
        guard let previous, previous.status != .done else { return nil }
        let completed = previous.outputs.keys.compactMap(CheckpointRoles.epoch(of:)).filter { $0 <= epochs }
        guard let last = completed.max(), let id = previous.outputs[CheckpointRoles.epoch(last)] else {
            return nil
        }
        let checkpoint = try Checkpoint(canonicalBytes: Array(store.get(id).bytes))
        guard checkpoint.epoch == last else {
            throw RunError.invalidCheckpoint(
                reason: "\(CheckpointRoles.epoch(last)) records epoch \(checkpoint.epoch)")
        }
        return checkpoint
    }
}
