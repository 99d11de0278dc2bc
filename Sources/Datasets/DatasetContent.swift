/// A dataset in memory: its samples per split, in order, and what the labels mean.
public struct DatasetContent: Sendable, Equatable {
    public let task: LabelTask
    public private(set) var splits: [Split: [LabeledImage]]

    public init(task: LabelTask, splits: [Split: [LabeledImage]]) {
        self.task = task
        var complete = splits
        for split in Split.allCases where complete[split] == nil { complete[split] = [] }
        self.splits = complete
    }

    /// The samples of one split (empty if it has none).
    public subscript(split: Split) -> [LabeledImage] { splits[split] ?? [] }

    /// The number of samples per split.
    public var sizes: SplitSizes {
        SplitSizes(train: self[.train].count, val: self[.val].count, test: self[.test].count)
    }
}
