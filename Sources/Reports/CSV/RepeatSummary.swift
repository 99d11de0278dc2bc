/// Mean, sample standard deviation and count of one metric over repeated runs.
///
/// The standard deviation is the sample one (divisor n − 1), as the paper's "mean ± std over 10
/// runs" is read; with a single run it is missing (nil, an empty CSV cell), not zero, because one
/// run says nothing about spread. Non-finite values are dropped before summarising.
public struct RepeatSummary: Sendable, Equatable {
    /// The arithmetic mean, nil when there are no values.
    public let mean: Double?
    /// The sample standard deviation (n − 1), nil when there are fewer than two values.
    public let std: Double?
    /// How many finite values went in.
    public let count: Int

    /// Summarises `values` (one per run, in the metric's own units, e.g. Dice as a fraction).
    public init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        guard !finite.isEmpty else {
            mean = nil
            std = nil
            return
        }
        let average = finite.reduce(0, +) / Double(finite.count)
        mean = average
        if finite.count >= 2 {
            let squares = finite.reduce(0) { $0 + ($1 - average) * ($1 - average) }
            std = (squares / Double(finite.count - 1)).squareRoot()
        } else {
            std = nil
        }
    }
}
