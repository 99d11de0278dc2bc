/// What `Store.merge(from:filter:)` brought from one source database into the store.
///
/// Every done run of the source in scope lands in exactly one of `runsAdded`, `alreadyPresent`,
/// `divergent` and `busy`; runs of the source that are not done are counted in `notDone` and not
/// merged.
public struct MergeReport: Sendable, Codable, Equatable {
    /// The source database, as given.
    public var source: String
    /// The source is the target file itself (however its path is spelled): nothing was done.
    public var sameDatabase = false
    /// The source was written by an older msdb and was read through a migrated scratch copy.
    public var sourceMigrated = false
    /// With a filter: the runs it selected in the source, before their upstream lineage was added.
    public var runsSelected: Int?
    /// Done runs the target did not have done before (new rows, plus `runsReplaced`).
    public var runsAdded = 0
    /// Of `runsAdded`: target rows that were failed, pending, or running under a dead claim.
    public var runsReplaced = 0
    /// Done runs the target already held with the same outputs and metrics.
    public var alreadyPresent = 0
    /// Done runs the target holds done with other outputs or metrics: the target's record is kept,
    /// the source's result is kept as a divergent copy (see `divergentAdded`).
    public var divergent = 0
    /// Divergent copies newly recorded (a copy recorded by an earlier merge is not added again).
    public var divergentAdded = 0
    /// The ids of the `divergent` runs.
    public var divergentRuns: [String] = []
    /// Done runs that a live process is computing in the target right now: left alone (merge
    /// again once it has finished).
    public var busy = 0
    /// Runs of the source that are not done (pending, running or failed): never merged.
    public var notDone = 0
    /// Blobs written to the target, with their stored (compressed) and raw sizes.
    public var blobsAdded = 0
    public var bytesAdded = 0
    public var rawBytesAdded = 0
    /// Experiment (tag) memberships and pins added.
    public var tagsAdded = 0
    public var pinsAdded = 0
    /// Blobs re-hashed in the source before anything was written.
    public var blobsChecked = 0
    public var seconds = 0.0

    public init(source: String) {
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case source
        case sameDatabase = "same_database"
        case sourceMigrated = "source_migrated"
        case runsSelected = "runs_selected"
        case runsAdded = "runs_added"
        case runsReplaced = "runs_replaced"
        case alreadyPresent = "already_present"
        case divergent
        case divergentAdded = "divergent_added"
        case divergentRuns = "divergent_runs"
        case busy
        case notDone = "not_done"
        case blobsAdded = "blobs_added"
        case bytesAdded = "bytes_added"
        case rawBytesAdded = "raw_bytes_added"
        case tagsAdded = "tags_added"
        case pinsAdded = "pins_added"
        case blobsChecked = "blobs_checked"
        case seconds
    }

    /// Whether the merge wrote anything to the target.
    public var changedTarget: Bool {
        runsAdded + divergentAdded + blobsAdded + tagsAdded + pinsAdded > 0
    }
}

/// Where a merge is, for a progress line: checking the source's blobs, then merging runs.
public struct MergeProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case checking = "checking blobs"
        case merging = "merging runs"
    }

    public let phase: Phase
    public let done: Int
    public let total: Int
}
