public import CanonicalJSON
public import LabelNoise
internal import NumericCore
public import RandomStreams
public import Runs

/// Which labels a training run learns from on the train split: the clean labels (CL) or one of the
/// paper's noisy label families, each train image's noisy label made from its clean label by a
/// `LabelJob`. The test split always keeps its clean labels.
///
/// Spec parameters (the CSV columns' names): `labels` = `cl rs rf rl dilate erode skeleton`;
/// `ratio` = the noise probability (rs, rf, rl; absent otherwise); `variant` = `ignore` or
/// `background` (rs only). RF flips among the dataset's classes (2 for a binary set); RL and the
/// morphological labels need a binary set.
///
/// Noise seeds (`labelSeed(run:trainIndex:)`): train image `i` (0-based, train-split order) gets
/// the label seed `run seed.stream(StreamName.trainLabel(i)).next() >> 1`. It depends
/// on the run seed and the image's position only, not on the network, so runs of two architectures
/// with one seed and one noise train on identical noisy labels, and other seeds give other noise.
public enum LabelSource: Sendable, Equatable {
    /// CL: the dataset's clean labels.
    case clean
    /// RS: each class keeps `⌈p·N⌉` pixels; the others become ignore (255) or background.
    case sampling(p: Double, variant: RandomSampling.Unsampled)
    /// RF: `⌊p·N⌋` pixels of each class take another class.
    case flipping(p: Double)
    /// RL: each pixel foreground with probability `p`.
    case generation(p: Double)
    /// PCL: one 3×3 dilation, one 3×3 erosion, or the skeleton.
    case morphology(MorphologicalNoise.Step)

    /// The label names `msdb train --labels` and the spec's `labels` accept.
    public enum Name: String, Sendable, CaseIterable, CustomStringConvertible {
        case cl, rs, rf, rl, dilate, erode, skeleton

        public var description: String { rawValue }
    }

    /// The label names as text, in `Name`'s order.
    public static let names = Name.allCases.map(\.rawValue)

    /// The source called `name` (see `init(name:ratio:variant:)` with a name's text).
    public init(name: Name, ratio: Double? = nil, variant: RandomSampling.Unsampled? = nil)
        throws(RunError)
    {
        try self.init(name: name.rawValue, ratio: ratio, variant: variant?.rawValue)
    }

    /// The source called `name`; `ratio` is required for rs, rf and rl and refused otherwise,
    /// `variant` (default `ignore`) is for rs only.
    ///
    /// - Throws: `RunError.invalidParameter` for an unknown name, a missing or surplus ratio,
    ///   a ratio outside [0, 1] or a bad variant.
    public init(name: String, ratio: Double? = nil, variant: String? = nil) throws(RunError) {
        func needsRatio() throws(RunError) -> Double {
            guard let ratio else {
                throw .invalidParameter(name: "p", reason: "\(name) labels need a noise probability")
            }
            guard ratio.isFinite, (0...1).contains(ratio) else {
                throw .invalidParameter(name: "p", reason: "must be in [0, 1], got \(ratio)")
            }
            return ratio
        }
        if name != "rs", let variant {
            throw .invalidParameter(
                name: "variant", reason: "only rs labels have a variant, got '\(variant)'")
        }
        switch name {
        case "cl", "dilate", "erode", "skeleton":
            if let ratio {
                throw .invalidParameter(
                    name: "p", reason: "\(name) labels take no noise probability, got \(ratio)")
            }
            if let step = MorphologicalNoise.Step(rawValue: name) {
                self = .morphology(step)
            } else {
                self = .clean
            }
        case "rs":
            let text = variant ?? RandomSampling.Unsampled.ignore.rawValue
            guard let unsampled = RandomSampling.Unsampled(rawValue: text) else {
                throw .invalidParameter(name: "variant", reason: "'\(text)' is not ignore or background")
            }
            self = .sampling(p: try needsRatio(), variant: unsampled)
        case "rf": self = .flipping(p: try needsRatio())
        case "rl": self = .generation(p: try needsRatio())
        default:
            throw .invalidParameter(
                name: "labels",
                reason: "unknown label '\(name)': expected \(Self.names.joined(separator: ", "))")
        }
    }

    /// The label name (`cl`, `rs`, …).
    public var name: String {
        switch self {
        case .clean: "cl"
        case .sampling: "rs"
        case .flipping: "rf"
        case .generation: "rl"
        case .morphology(let step): step.rawValue
        }
    }

    /// The noise probability, for rs, rf and rl.
    public var ratio: Double? {
        switch self {
        case .sampling(let p, _), .flipping(let p), .generation(let p): p
        case .clean, .morphology: nil
        }
    }

    /// The spec parameters `labels`, `ratio` and `variant` (see the type's documentation).
    public var parameters: [String: JSONValue] {
        var result: [String: JSONValue] = ["labels": .string(name)]
        if let ratio { result["ratio"] = .number(ratio) }
        if case .sampling(_, let variant) = self { result["variant"] = .string(variant.rawValue) }
        return result
    }

    /// Whether the labels exist for binary sets only (RL and the morphological labels).
    public var needsBinarySet: Bool {
        switch self {
        case .generation, .morphology: true
        case .clean, .sampling, .flipping: false
        }
    }

    /// The recipe that makes one train image's label on a set of `classes` classes (2 for a binary
    /// set); `nil` for the clean labels.
    public func recipe(classes: Int) throws(RunError) -> NoiseRecipe? {
        do {
            switch self {
            case .clean: return nil
            case .sampling(let p, let variant): return .sampling(try RandomSampling(p: p, unsampled: variant))
            case .flipping(let p): return .flipping(try RandomFlipping(p: p, classes: classes))
            case .generation(let p): return .generation(try RandomGeneration(p: p))
            case .morphology(let step): return .morphology(try MorphologicalNoise(steps: [step]))
            }
        } catch {
            throw .invalidParameter(name: "labels", reason: error.description)
        }
    }

    /// The seed of train image `trainIndex`'s label job in a run of seed `run` (see the type's
    /// documentation); non-negative.
    public static func labelSeed(run: Seed, trainIndex: Int) -> Seed {
        var stream = run.stream(StreamName.trainLabel(trainIndex))
        return Seed(nonNegative: Int64(stream.next() >> 1))
    }
}
