extension Image {
    /// The distinct sample values of a single-channel image, ascending, stopping once more than
    /// `limit` are found (so a photograph costs one pass and a little memory, not a full set).
    /// Palette images give their indices. Throws `invalidContent` for more than one channel.
    public func distinctValues(upTo limit: Int) throws -> [UInt16] {
        precondition(limit >= 1, "distinct value limit must be positive, got \(limit)")
        guard channels == 1 else {
            throw ImagingError.invalidContent(
                reason: "expected a single-channel image, got \(channels) channels")
        }
        var seen = [Bool](repeating: false, count: bitDepth.maxValue + 1)
        var found: [UInt16] = []
        for sample in samples where !seen[Int(sample)] {
            seen[Int(sample)] = true
            found.append(sample)
            if found.count > limit { break }
        }
        return found.sorted()
    }
}

extension [UInt16] {
    /// "0, 1, 255": sample values for error messages.
    var listed: String { map(String.init).joined(separator: ", ") }
}
