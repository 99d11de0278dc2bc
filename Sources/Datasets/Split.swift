/// The three parts of a dataset, in the order manifests list them.
public enum Split: String, Sendable, CaseIterable, Comparable, Codable {
    case train
    case val
    case test

    public static func < (lhs: Split, rhs: Split) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// How many samples each split holds.
public struct SplitSizes: Sendable, Equatable, Codable {
    public var train: Int
    public var val: Int
    public var test: Int

    public init(train: Int, val: Int, test: Int) {
        self.train = train
        self.val = val
        self.test = test
    }

    /// The count of one split.
    public subscript(split: Split) -> Int {
        switch split {
        case .train: train
        case .val: val
        case .test: test
        }
    }

    /// All samples over the three splits.
    public var total: Int { train + val + test }
}
