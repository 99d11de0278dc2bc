/// Why a noisy label could not be made or compared.
///
/// Bad parameters and bad label data (from files, from callers) throw one of these; a broken
/// invariant inside the generators is a `precondition` instead.
public enum LabelNoiseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A probability (`p` of RS, RF or RL) outside [0, 1], or not a number.
    case probabilityOutOfRange(name: String, value: Double)
    /// A mask that must be binary holds another value (`value` is the first offending one).
    case notBinary(value: UInt8)
    /// A label outside the classes `0..<classes` (and not the ignore label 255).
    case labelOutOfRange(label: UInt8, classes: Int)
    /// A class count that cannot describe a label map: fewer than 2, or more than 255 (255 is the
    /// ignore label).
    case invalidClassCount(Int)
    /// Two label maps that must be compared pixel by pixel have different sizes.
    case sizeMismatch(cleanWidth: Int, cleanHeight: Int, noisyWidth: Int, noisyHeight: Int)
    /// A morphology recipe without steps.
    case noMorphologySteps

    public var description: String {
        switch self {
        case .probabilityOutOfRange(let name, let value):
            return "\(name) must be a probability in [0, 1], got \(value)"
        case .notBinary(let value):
            return "the mask is not binary: it holds the value \(value)"
                + " (a binary mask holds only 0 and 1, or only 0 and 255)"
        case .labelOutOfRange(let label, let classes):
            return "label \(label) is outside the \(classes) classes 0...\(classes - 1)"
                + " (255 marks ignored pixels)"
        case .invalidClassCount(let count):
            return "the number of classes must be between 2 and 255, got \(count)"
        case .sizeMismatch(let cleanWidth, let cleanHeight, let noisyWidth, let noisyHeight):
            return "the clean label is \(cleanWidth)x\(cleanHeight) but the noisy label is"
                + " \(noisyWidth)x\(noisyHeight)"
        case .noMorphologySteps:
            return "a morphology recipe needs at least one step"
        }
    }
}
