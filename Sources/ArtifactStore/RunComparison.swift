import CanonicalJSON

/// How two runs differ: parameters, metrics, artifacts by role, and where their curves part.
public struct RunComparison: Sendable, Equatable {
    /// A parameter whose value differs (nil: the run does not have it).
    public struct ParamChange: Sendable, Equatable {
        public let name: String
        public let a: ParamValue?
        public let b: ParamValue?
    }

    /// A metric in either run; `delta` is b − a when both have it.
    public struct MetricChange: Sendable, Equatable {
        public let name: String
        public let a: Double?
        public let b: Double?
        public var delta: Double? { a.flatMap { a in b.map { $0 - a } } }
    }

    /// An artifact role of either run, with both ids.
    public struct ArtifactChange: Sendable, Equatable {
        public let direction: String
        public let role: String
        public let a: ContentID?
        public let b: ContentID?
        public var same: Bool { a != nil && a == b }
    }

    /// Where two curves stored under the same role first differ.
    public struct CurveDivergence: Sendable, Equatable {
        public let role: String
        /// The x (e.g. epoch) of the first differing point, nil if the curves are equal.
        public let firstX: Double?
        /// The largest |a − b| over the points both have.
        public let largestDifference: Double
    }

    public let a: ContentID
    public let b: ContentID
    public var params: [ParamChange] = []
    public var metrics: [MetricChange] = []
    public var artifacts: [ArtifactChange] = []
    public var curves: [CurveDivergence] = []
}

extension Store {
    /// Compares two runs; curves (artifacts of kind `curve` under the same output role in both)
    /// are read and compared point by point.
    public func compare(_ a: ContentID, _ b: ContentID) throws(StoreError) -> RunComparison {
        guard let first = try run(a) else { throw .notFound(what: "run", id: a.hex) }
        guard let second = try run(b) else { throw .notFound(what: "run", id: b.hex) }
        var comparison = RunComparison(a: a, b: b)
        for name in Set(first.params.keys).union(second.params.keys).sorted()
        where first.params[name] != second.params[name] {
            comparison.params.append(.init(name: name, a: first.params[name], b: second.params[name]))
        }
        for name in Set(first.metrics.keys).union(second.metrics.keys).sorted() {
            comparison.metrics.append(.init(name: name, a: first.metrics[name], b: second.metrics[name]))
        }
        for (direction, left, right) in [
            ("input", first.inputs, second.inputs), ("output", first.outputs, second.outputs),
        ] {
            for role in Set(left.keys).union(right.keys).sorted() {
                comparison.artifacts.append(
                    .init(direction: direction, role: role, a: left[role], b: right[role]))
            }
        }
        for change in comparison.artifacts where change.direction == "output" {
            guard let left = change.a, let right = change.b, try info(left)?.kind == .curve,
                try info(right)?.kind == .curve
            else { continue }
            comparison.curves.append(try divergence(role: change.role, left, right))
        }
        return comparison
    }

    private func divergence(role: String, _ left: ContentID, _ right: ContentID) throws(StoreError)
        -> RunComparison.CurveDivergence
    {
        let a = try curvePoints(left)
        let b = try curvePoints(right)
        var firstX: Double?
        var largest = 0.0
        for index in 0..<max(a.count, b.count) {
            guard index < a.count, index < b.count else {
                if firstX == nil { firstX = (index < a.count ? a[index] : b[index]).x }
                continue
            }
            let difference = abs(a[index].y - b[index].y)
            largest = max(largest, difference)
            if firstX == nil && (difference != 0 || a[index].x != b[index].x) { firstX = a[index].x }
        }
        return .init(role: role, firstX: firstX, largestDifference: largest)
    }

    /// The (x, y) points of a `curve` artifact (canonical JSON with `x` and `y` arrays).
    func curvePoints(_ id: ContentID) throws(StoreError) -> [(x: Double, y: Double)] {
        let blob = try get(id)
        guard let value = try? JSONParser.parse(Array(blob.bytes)), let xs = value["x"]?.arrayValue,
            let ys = value["y"]?.arrayValue, xs.count == ys.count
        else { throw .database("curve \(id.hex) is not a {\"x\": [...], \"y\": [...]} object") }
        return zip(xs, ys).map { (x: $0.doubleValue ?? .nan, y: $1.doubleValue ?? .nan) }
    }
}
