public import CanonicalJSON

/// Reads a spec's parameters back into settings: typed accessors that throw
/// `RunError` naming the parameter (`missingParameter`, `invalidParameter`), and a final check that no parameter was
/// left unread (an unknown field is an error, never ignored).
///
/// ```swift
/// var reader = SpecParameters(spec.params, kind: .train)
/// settings.epochs = try reader.integer("epochs", default: 100)
/// try reader.finish()
/// ```
public struct SpecParameters {
    public let values: [String: JSONValue]
    public let kind: RunKind
    private var read: Set<String> = []

    public init(_ values: [String: JSONValue], kind: RunKind) {
        self.values = values
        self.kind = kind
    }

    private func bad(_ name: String, _ reason: String) -> RunError {
        .invalidParameter(name: name, reason: reason)
    }

    /// The raw value of `name`, marking it read.
    public mutating func value(_ name: String) -> JSONValue? {
        read.insert(name)
        if case .null = values[name] { return nil }
        return values[name]
    }

    /// A string parameter; `allowed` restricts it to a set of names.
    public mutating func string(_ name: String, default fallback: String? = nil, allowed: [String]? = nil)
        throws(RunError) -> String
    {
        guard let raw = value(name) else {
            guard let fallback else { throw .missingParameter(name: name) }
            return fallback
        }
        guard let text = raw.stringValue else {
            throw bad(name, "must be a string, got \(raw.canonicalText)")
        }
        if let allowed, !allowed.contains(text) {
            throw bad(name, "'\(text)' is not one of \(allowed.joined(separator: ", "))")
        }
        return text
    }

    /// A parameter that names one case of `Choice` by its raw value.
    public mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, default fallback: Choice? = nil
    ) throws(RunError) -> Choice where Choice.RawValue == String {
        let text = try string(name, default: fallback?.rawValue, allowed: Choice.allCases.map(\.rawValue))
        guard let choice = Choice(rawValue: text) else {
            preconditionFailure("SpecParameters.choice: '\(text)' was allowed but is not a \(Choice.self)")
        }
        return choice
    }

    /// An integer parameter within `range`.
    public mutating func integer(
        _ name: String, default fallback: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max
    ) throws(RunError) -> Int {
        guard let raw = value(name) else {
            guard let fallback else { throw .missingParameter(name: name) }
            return fallback
        }
        guard let number = raw.integerValue, let integer = Int(exactly: number) else {
            throw bad(name, "must be an integer, got \(raw.canonicalText)")
        }
        guard range.contains(integer) else { throw bad(name, "must be in \(range.describe), got \(integer)") }
        return integer
    }

    /// A finite number parameter within `range`.
    public mutating func number(
        _ name: String, default fallback: Double? = nil,
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    ) throws(RunError) -> Double {
        guard let raw = value(name) else {
            guard let fallback else { throw .missingParameter(name: name) }
            return fallback
        }
        guard let number = raw.doubleValue, number.isFinite else {
            throw bad(name, "must be a number, got \(raw.canonicalText)")
        }
        guard range.contains(number) else { throw bad(name, "must be in \(range.describe), got \(number)") }
        return number
    }

    /// A boolean parameter.
    public mutating func bool(_ name: String, default fallback: Bool? = nil) throws(RunError) -> Bool {
        guard let raw = value(name) else {
            guard let fallback else { throw .missingParameter(name: name) }
            return fallback
        }
        guard case .bool(let flag) = raw else {
            throw bad(name, "must be true or false, got \(raw.canonicalText)")
        }
        return flag
    }

    /// A list of integers.
    public mutating func integers(_ name: String, default fallback: [Int]? = nil) throws(RunError) -> [Int] {
        guard let raw = value(name) else {
            guard let fallback else { throw .missingParameter(name: name) }
            return fallback
        }
        guard let elements = raw.arrayValue else { throw bad(name, "must be a list of integers") }
        var result: [Int] = []
        for element in elements {
            guard let number = element.integerValue, let integer = Int(exactly: number) else {
                throw bad(name, "must be a list of integers, got \(raw.canonicalText)")
            }
            result.append(integer)
        }
        return result
    }

    /// Throws for the first parameter (in sorted order) that nothing read.
    public func finish() throws(RunError) {
        if let unknown = values.keys.sorted().first(where: { !read.contains($0) }) {
            throw .unknownParameter(name: unknown, kind: kind)
        }
    }
}

extension ClosedRange where Bound: Comparable {
    fileprivate var describe: String {
        if let low = lowerBound as? Int, low == Int.min, let high = upperBound as? Int { return "…\(high)" }
        if let low = lowerBound as? Int, let high = upperBound as? Int, high == Int.max { return "\(low)…" }
        if let high = upperBound as? Double, high == .greatestFiniteMagnitude { return "[\(lowerBound), ∞)" }
        return "[\(lowerBound), \(upperBound)]"
    }
}
