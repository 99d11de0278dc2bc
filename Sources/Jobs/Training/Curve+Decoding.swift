internal import CanonicalJSON
internal import Runs

extension Curve {
    /// Reads a stored `curve` artifact back.
    ///
    /// - Throws: `RunError.invalidParameter` when the bytes are not a curve.
    public init(canonicalBytes bytes: [UInt8]) throws {
        let json = try JSONParser.parse(bytes)
        guard let metric = json["metric"]?.stringValue, let xLabel = json["x_label"]?.stringValue,
            let x = json["x"]?.arrayValue?.compactMap(\.doubleValue),
            let y = json["y"]?.arrayValue?.compactMap(\.doubleValue), x.count == y.count
        else {
            throw RunError.invalidParameter(name: "curve", reason: "the artifact is not a curve")
        }
        self.init(metric: metric, xLabel: xLabel, x: x, y: y)
    }
}
