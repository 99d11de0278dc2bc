public import RandomStreams

/// How an import whose layout has no splits (`dsb2018`) divides its samples into train, val and
/// test: by sample id, never by tile, so the tiles of one sample stay in one split.
///
/// The ids are sorted bytewise, shuffled (Fisher–Yates) by the stream `import/split` of `seed`, and
/// cut at `round(n·train)` and `round(n·(train + val))`: the first part is train, the second val,
/// the rest test. The same ids, fractions and seed always give the same assignment.
public struct SampleSplit: Sendable, Equatable {
    public let train: Double
    public let val: Double
    public let test: Double
    public let seed: Seed

    /// The fractions msdb uses unless told otherwise: 70 % train, 10 % val, 20 % test.
    public static let defaultFractions = [0.7, 0.1, 0.2]

    /// Checks that each fraction lies in [0, 1] and that they sum to 1 (within 1e-9).
    public init(train: Double, val: Double, test: Double, seed: Seed) throws(DatasetsError) {
        for (name, value) in [("train", train), ("val", val), ("test", test)] {
            guard value.isFinite, (0...1).contains(value) else {
                throw .invalidOption(
                    name: "fractions", reason: "the \(name) fraction \(value) is outside [0, 1]")
            }
        }
        guard abs(train + val + test - 1) <= 1e-9 else {
            throw .invalidOption(
                name: "fractions", reason: "\(train) + \(val) + \(test) = \(train + val + test), not 1")
        }
        self.train = train
        self.val = val
        self.test = test
        self.seed = seed
    }

    /// The split of every id. A split with a positive fraction that receives no sample is an error
    /// (too few samples for the fractions), so no split a user asked for is silently empty.
    public func assign(_ ids: [String], folder: String) throws(DatasetsError) -> [String: Split] {
        var order = ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var stream = seed.stream(StreamName.importSplit)
        stream.shuffle(&order)
        let n = Double(order.count)
        let trainEnd = Int((n * train).rounded())
        let valEnd = max(trainEnd, min(order.count, Int((n * (train + val)).rounded())))
        var result: [String: Split] = [:]
        for (index, id) in order.enumerated() {
            result[id] = index < trainEnd ? .train : index < valEnd ? .val : .test
        }
        let counts = [Split.train: trainEnd, .val: valEnd - trainEnd, .test: order.count - valEnd]
        for (split, fraction) in [(Split.train, train), (.val, val), (.test, test)]
        where fraction > 0 && counts[split] == 0 {
            throw .malformed(
                path: folder,
                reason: "\(order.count) samples leave the \(split.rawValue) split empty at the fractions "
                    + "\(train),\(val),\(test); add samples or set its fraction to 0")
        }
        return result
    }
}
