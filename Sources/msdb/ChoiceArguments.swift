public import ArgumentParser
public import Datasets
public import Jobs
public import LabelNoise
public import RandomStreams

// The library's value types as command-line arguments: parsing, the error for a bad value, the
// help's list of choices and shell completion come from ArgumentParser.

extension Seed: ExpressibleByArgument {
    /// A non-negative decimal integer.
    public init?(argument: String) {
        guard let value = Int64(argument), let seed = try? Seed(value) else { return nil }
        self = seed
    }
}

extension IGTTSettings.ThresholdRule: ExpressibleByArgument {}
extension NetworkArchitecture: ExpressibleByArgument {}
extension LabelSource.Name: ExpressibleByArgument {}
extension RandomSampling.Unsampled: ExpressibleByArgument {}
extension IGTTSettings.SoftIoU: ExpressibleByArgument {}
extension ImportLayout: ExpressibleByArgument {}

/// `--normalization`: a `Normalization` rule, or `auto` to take the one that suits the dataset.
enum NormalizationChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, image, channel

    /// The rule chosen, nil for `auto`.
    var rule: Normalization? { Normalization(rawValue: rawValue) }
}
