/// One set of axes in a line chart: its series, axis titles and optional fixed ranges.
public struct ChartPanel: Sendable, Equatable {
    /// The panel's heading, e.g. `A  Random sampling`.
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// A fixed x range; nil fits the data with nice ticks.
    public var xRange: ClosedRange<Double>?
    /// A fixed y range; nil fits the data with nice ticks.
    public var yRange: ClosedRange<Double>?

    public init(
        title: String, xLabel: String, yLabel: String, series: [Series], xRange: ClosedRange<Double>? = nil,
        yRange: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The nice scale for x or y: the fixed range if given, else the finite data's extent.
    func scale(horizontal: Bool) -> NiceScale {
        if let fixed = horizontal ? xRange : yRange {
            return NiceScale(minimum: fixed.lowerBound, maximum: fixed.upperBound)
        }
        let values = series.flatMap(\.points).map { horizontal ? $0.x : $0.y }.filter(\.isFinite)
        guard let low = values.min(), let high = values.max() else {
            return NiceScale(minimum: 0, maximum: 1)
        }
        return NiceScale(minimum: low, maximum: high)
    }
}
