internal import CanonicalJSON
internal import Runs

/// The `curve` artifact (schema/README.md): canonical JSON `{"metric", "x", "x_label", "y"}`.
public struct Curve: Sendable, Equatable {
    public var metric: String
    public var xLabel: String
    public var x: [Double]
    public var y: [Double]

    public init(metric: String, xLabel: String, x: [Double], y: [Double]) {
        precondition(x.count == y.count, "Curve \(metric): \(x.count) x values for \(y.count) y values")
        self.metric = metric
        self.xLabel = xLabel
        self.x = x
        self.y = y
    }

    /// A curve over 1, 2, … (epochs or steps).
    public init(metric: String, xLabel: String, y: [Double]) {
        self.init(metric: metric, xLabel: xLabel, x: y.indices.map { Double($0 + 1) }, y: y)
    }

    /// The canonical bytes stored as the `curve` artifact.
    public var canonicalBytes: [UInt8] {
        JSONValue.object([
            "metric": .string(metric), "x_label": .string(xLabel),
            "x": .array(x.map(JSONValue.number)), "y": .array(y.map(JSONValue.number)),
        ]).canonicalBytes
    }
}
