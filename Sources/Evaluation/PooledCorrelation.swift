/// Pearson's correlation of two variables over pixels pooled from several images, accumulated in
/// Double one pair at a time (iGTT's intensity orientation correlates the network's maps with
/// the image intensity over a whole epoch).
public struct PooledCorrelation: Sendable, Equatable {
    private var count = 0.0
    private var sumX = 0.0
    private var sumY = 0.0
    private var sumXX = 0.0
    private var sumYY = 0.0
    private var sumXY = 0.0

    public init() {}

    /// Adds the pairs `(x[i], y[i])`; the two arrays have one length.
    public mutating func add(_ x: some Collection<Float>, _ y: some Collection<Float>) {
        precondition(x.count == y.count, "PooledCorrelation: \(x.count) values against \(y.count)")
        for (a, b) in zip(x, y) {
            let (u, v) = (Double(a), Double(b))
            count += 1
            sumX += u
            sumY += v
            sumXX += u * u
            sumYY += v * v
            sumXY += u * v
        }
    }

    /// The correlation in [−1, 1]; 0 when either variable is constant or nothing was added.
    public var value: Double {
        guard count > 0 else { return 0 }
        let covariance = sumXY - sumX * sumY / count
        let varianceX = sumXX - sumX * sumX / count
        let varianceY = sumYY - sumY * sumY / count
        guard varianceX > 0, varianceY > 0 else { return 0 }
        return max(-1, min(1, covariance / (varianceX * varianceY).squareRoot()))
    }
}
