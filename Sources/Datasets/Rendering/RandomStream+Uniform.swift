internal import RandomStreams

extension RandomStream {
    /// A Double uniform in `[low, high)`: `low + (high − low) · nextDouble()`. Consumes one word.
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        precondition(low <= high, "uniform range must be ordered, got \(low)...\(high)")
        return low + (high - low) * nextDouble()
    }
}
