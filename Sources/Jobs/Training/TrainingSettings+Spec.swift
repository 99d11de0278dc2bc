public import Runs

extension TrainingSettings {
    /// The settings a `train` spec describes: the inverse of `spec(dataset:labels:)`, so a stored or
    /// hand-written spec can be run again. Every parameter is read with `SpecParameters` (an unknown
    /// one is an error) and the result is validated. The spec's inputs are not read here
    /// (`TrainingJob.run(spec:…)` checks them against the dataset).
    ///
    /// - Throws: `RunError.invalidParameter` for another kind, a missing seed, a missing, unknown
    ///   or impossible parameter, or a `threshold_rule` other than the network's.
    public init(spec: RunSpec) throws(RunError) {
        guard spec.kind == Self.kind else {
            throw .invalidSpec(field: "kind", reason: "'\(spec.kind)' is not a \(Self.kind) spec")
        }
        guard let seed = spec.seed else {
            throw .invalidParameter(name: "seed", reason: "a \(Self.kind) spec needs a seed")
        }
        var reader = SpecParameters(spec.params, kind: Self.kind)
        self.init(network: try NetworkConfiguration(reading: &reader))
        schedule = try TrainingSchedule(reading: &reader)
        let name = (try reader.choice("labels") as LabelSource.Name).rawValue
        var ratio: Double?
        if reader.value("ratio") != nil { ratio = try reader.number("ratio", in: 0...1) }
        var variant: String?
        if reader.value("variant") != nil { variant = try reader.string("variant") }
        labels = try LabelSource(name: name, ratio: ratio, variant: variant)
        let thresholdRule = try reader.string("threshold_rule")
        guard thresholdRule == thresholdRuleName else {
            throw .invalidParameter(
                name: "threshold_rule",
                reason: "\(network.architecture) runs use '\(thresholdRuleName)', not '\(thresholdRule)'")
        }
        // `image` is the rule a spec states by leaving the key out; only `channel` is written.
        let rule = try reader.string(
            "normalization", default: Normalization.image.rawValue, allowed: [Normalization.channel.rawValue])
        normalization = Normalization(rawValue: rule) ?? .image
        self.seed = seed
        try reader.finish()
        try validate()
    }
}
