/// A run's seed: the non-negative integer a spec records (`"seed": 7`) and the root of every random
/// stream the run draws from.
///
/// Specs store seeds as JSON integers (`Int64`) while `RandomStream` keys its state by 64 bits; this
/// type is the one place the two meet. A seed is checked once, where it enters (a spec, a command-line
/// option), and is non-negative from then on, so the conversion to the stream's 64 bits is exact.
public struct Seed: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The seed as a spec records it; never negative.
    public let value: Int64

    /// The seed `value`; throws for a negative one.
    public init(_ value: Int64) throws(SeedError) {
        guard value >= 0 else { throw SeedError.negative(value) }
        self.value = value
    }

    /// A seed the code derives and knows to be non-negative (a loop index, a hash's top 63 bits);
    /// a negative one is a programming error.
    public init(nonNegative value: Int64) {
        precondition(value >= 0, "Seed: negative value \(value)")
        self.value = value
    }

    /// A seed written in the code; a negative literal is a programming error.
    public init(integerLiteral value: Int64) {
        self.init(nonNegative: value)
    }

    /// The stream `name` of this seed, positioned at its first draw (names: `StreamName`).
    public func stream(_ name: String) -> RandomStream {
        RandomStream(seed: UInt64(value), stream: name)
    }

    public var description: String { String(value) }

    public static func < (lhs: Seed, rhs: Seed) -> Bool { lhs.value < rhs.value }
}

/// Why a number is not a seed.
public enum SeedError: Error, Equatable, CustomStringConvertible {
    case negative(Int64)

    public var description: String {
        switch self {
        case .negative(let value): "must be non-negative, got \(value)"
        }
    }
}
