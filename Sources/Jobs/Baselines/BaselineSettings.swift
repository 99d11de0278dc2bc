public import ArtifactStore
public import CanonicalJSON
public import RandomStreams
public import Runs

/// What a baseline run of Table 3 is (run kind `baseline`): one method applied to every test image
/// of a binary dataset (`BaselineJob`).
///
/// Spec: params = `method` and that method's parameters; inputs = `{"dataset": manifest id}`; seed =
/// null for the deterministic `otsu` and `agt`, the run's seed for `dfc` and `ac`.
/// - `otsu`: none (Otsu's threshold of each image at its own bit depth, foreground above it).
/// - `agt`: `block` (odd, 25) and `offset` (C, −10): OpenCV's adaptive Gaussian threshold of each image
///   scaled linearly to 8 bits (`ThresholdBaselines`), the ER calibration's values.
/// - `dfc`: `channels` (q, 100), `convolutions` (2), `mu` (continuity weight μ, 1), `lr` (0.1),
///   `momentum` (0.9), `iterations` (at most, 1000), `min_labels` (stop once this few clusters
///   remain, 3).
/// - `ac`: `width` (16), `clusters` (2), `convolutions` (3), `iterations` (200), `lr` (Adam, 0.01),
///   `half_window` (the IIC displacement window's half side, 1).
public struct BaselineSettings: Sendable, Equatable {
    /// The run kind.
    public static let kind = RunKind.baseline

    /// A baseline method and its parameters.
    public enum Method: Sendable, Equatable {
        case otsu
        case agt(block: Int, offset: Double)
        case dfc(DFCParameters)
        case ac(ACParameters)

        /// The names `method` takes.
        public static let names = ["otsu", "agt", "dfc", "ac"]

        public var name: String {
            switch self {
            case .otsu: "otsu"
            case .agt: "agt"
            case .dfc: "dfc"
            case .ac: "ac"
            }
        }

        /// Whether the method draws random numbers (and so has a seed).
        public var isSeeded: Bool {
            switch self {
            case .otsu, .agt: false
            case .dfc, .ac: true
            }
        }
    }

    /// DFC's settings (Kim, Kanezaki, Tanaka 2020; the reference code's defaults).
    public struct DFCParameters: Sendable, Equatable {
        public var channels = 100
        public var convolutions = 2
        public var mu = 1.0
        public var learningRate = 0.1
        public var momentum = 0.9
        public var iterations = 1000
        public var minLabels = 3
        public init() {}
    }

    /// AC's settings (CPU-sized).
    public struct ACParameters: Sendable, Equatable {
        public var width = 16
        public var clusters = 2
        public var convolutions = 3
        public var iterations = 200
        public var learningRate = 0.01
        public var halfWindow = 1
        public init() {}
    }

    public var method: Method
    /// The seed of a seeded method (ignored, and recorded as null, for `otsu` and `agt`).
    public var seed: Seed = 0

    public init(method: Method) {
        self.method = method
    }

    /// The method `name` with its default parameters; throws for an unknown name.
    public init(methodNamed name: String) throws {
        switch name {
        case "otsu": self.init(method: .otsu)
        case "agt": self.init(method: .agt(block: 25, offset: -10))
        case "dfc": self.init(method: .dfc(DFCParameters()))
        case "ac": self.init(method: .ac(ACParameters()))
        default:
            throw RunError.invalidParameter(
                name: "method",
                reason: "unknown method '\(name)': expected \(Method.names.joined(separator: ", "))")
        }
    }

    /// Reads a spec of kind `baseline` back (the inverse of `spec(dataset:)`).
    public init(spec: RunSpec) throws {
        guard spec.kind == Self.kind else {
            throw RunError.invalidSpec(field: "kind", reason: "'\(spec.kind)' is not \(Self.kind)")
        }
        try IGTTSettings.checkInputs(spec)
        var reader = SpecParameters(spec.params, kind: Self.kind)
        let name = try reader.string("method", allowed: Method.names)
        switch name {
        case "otsu":
            method = .otsu
        case "agt":
            method = .agt(
                block: try reader.integer("block", default: 25),
                offset: try reader.number("offset", default: -10))
        case "dfc":
            var p = DFCParameters()
            p.channels = try reader.integer("channels", default: p.channels)
            p.convolutions = try reader.integer("convolutions", default: p.convolutions)
            p.mu = try reader.number("mu", default: p.mu)
            p.learningRate = try reader.number("lr", default: p.learningRate)
            p.momentum = try reader.number("momentum", default: p.momentum)
            p.iterations = try reader.integer("iterations", default: p.iterations)
            p.minLabels = try reader.integer("min_labels", default: p.minLabels)
            method = .dfc(p)
        default:
            var p = ACParameters()
            p.width = try reader.integer("width", default: p.width)
            p.clusters = try reader.integer("clusters", default: p.clusters)
            p.convolutions = try reader.integer("convolutions", default: p.convolutions)
            p.iterations = try reader.integer("iterations", default: p.iterations)
            p.learningRate = try reader.number("lr", default: p.learningRate)
            p.halfWindow = try reader.integer("half_window", default: p.halfWindow)
            method = .ac(p)
        }
        try reader.finish()
        if method.isSeeded {
            guard let seed = spec.seed else {
                throw RunError.invalidParameter(name: "seed", reason: "a \(name) run needs a seed")
            }
            self.seed = seed
        } else if spec.seed != nil {
            throw RunError.invalidParameter(
                name: "seed", reason: "a \(name) run is deterministic: seed must be null")
        }
        try validate()
    }

    /// Checks the parameters; throws `invalidParameter` naming the first bad one.
    public func validate() throws {
        func bad(_ name: String, _ reason: String) -> RunError {
            .invalidParameter(name: name, reason: reason)
        }
        switch method {
        case .otsu: break
        case .agt(let block, let offset):
            guard block >= 3, block % 2 == 1 else { throw bad("block", "must be odd and ≥ 3, got \(block)") }
            guard offset.isFinite else { throw bad("offset", "must be finite") }
        case .dfc(let p):
            guard p.channels >= 2 else { throw bad("channels", "must be ≥ 2, got \(p.channels)") }
            guard p.convolutions >= 1 else { throw bad("convolutions", "must be ≥ 1, got \(p.convolutions)") }
            guard p.mu >= 0, p.mu.isFinite else { throw bad("mu", "must be ≥ 0, got \(p.mu)") }
            guard p.learningRate > 0, p.learningRate.isFinite else {
                throw bad("lr", "must be > 0, got \(p.learningRate)")
            }
            guard (0..<1).contains(p.momentum) else {
                throw bad("momentum", "must be in [0, 1), got \(p.momentum)")
            }
            guard p.iterations >= 0 else { throw bad("iterations", "must be ≥ 0, got \(p.iterations)") }
            guard p.minLabels >= 1 else { throw bad("min labels", "must be ≥ 1, got \(p.minLabels)") }
        case .ac(let p):
            guard p.width >= 1 else { throw bad("width", "must be ≥ 1, got \(p.width)") }
            guard p.clusters >= 2 else { throw bad("clusters", "must be ≥ 2, got \(p.clusters)") }
            guard p.convolutions >= 1 else { throw bad("convolutions", "must be ≥ 1, got \(p.convolutions)") }
            guard p.iterations >= 0 else { throw bad("iterations", "must be ≥ 0, got \(p.iterations)") }
            guard p.learningRate > 0, p.learningRate.isFinite else {
                throw bad("lr", "must be > 0, got \(p.learningRate)")
            }
            guard p.halfWindow >= 0 else { throw bad("half window", "must be ≥ 0, got \(p.halfWindow)") }
        }
    }

    /// The spec parameters (see the type's documentation).
    public var parameters: [String: JSONValue] {
        func int(_ value: Int) -> JSONValue { .integer(Int64(value)) }
        var result: [String: JSONValue] = ["method": .string(method.name)]
        switch method {
        case .otsu: break
        case .agt(let block, let offset):
            result["block"] = int(block)
            result["offset"] = .number(offset)
        case .dfc(let p):
            result["channels"] = int(p.channels)
            result["convolutions"] = int(p.convolutions)
            result["mu"] = .number(p.mu)
            result["lr"] = .number(p.learningRate)
            result["momentum"] = .number(p.momentum)
            result["iterations"] = int(p.iterations)
            result["min_labels"] = int(p.minLabels)
        case .ac(let p):
            result["width"] = int(p.width)
            result["clusters"] = int(p.clusters)
            result["convolutions"] = int(p.convolutions)
            result["iterations"] = int(p.iterations)
            result["lr"] = .number(p.learningRate)
            result["half_window"] = int(p.halfWindow)
        }
        return result
    }

    /// The run's spec on `dataset`.
    public func spec(dataset: ContentID) -> RunSpec {
        RunSpec(
            kind: Self.kind, params: parameters, inputs: ["dataset": dataset],
            seed: method.isSeeded ? seed : nil)
    }
}
