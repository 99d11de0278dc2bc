public import Imaging

/// Views of a label map that the generators and the noise transition matrix share.
extension LabelMap {
    /// The map with the official code's mask convention undone: a map whose values are only 0 and
    /// 255 (a mask saved as 0/255) becomes 0/1; any other map is returned unchanged.
    ///
    /// Files cannot tell a 0/255 mask from a label map whose labelled pixels are all background
    /// and whose other pixels are ignored; msdb reads such a file as the mask, which is what every
    /// mask file of the paper's data is.
    public func normalizedMaskValues() -> LabelMap {
        guard labels.contains(LabelMap.ignore), labels.allSatisfy({ $0 == 0 || $0 == LabelMap.ignore })
        else { return self }
        return LabelMap(width: width, height: height, labels: labels.map { $0 == 0 ? 0 : 1 })
    }

    /// The map read as a mask when it holds 0 and exactly one other value `v` (1, 128, 255, …),
    /// `v` becoming 1; any other map unchanged. This is how the binary generators (morphology,
    /// binary flipping) read files, matching Imaging's `Mask(strictlyBinary:)`; the multi-class
    /// generators keep such a map's values, since it may be a label map with one class present.
    public func normalizedSingleForeground() -> LabelMap {
        var foreground: UInt8?
        for label in labels where label != 0 {
            if let seen = foreground, seen != label { return self }
            foreground = label
        }
        guard let foreground, foreground != 1 else { return self }
        return LabelMap(width: width, height: height, labels: labels.map { $0 == 0 ? 0 : 1 })
    }

    /// The map as a binary mask; throws when a pixel is neither 0 nor 1 (ignored pixels included:
    /// morphology has no meaning for them).
    public func binaryMask() throws(LabelNoiseError) -> Mask {
        if let other = labels.first(where: { $0 > 1 }) {
            throw .notBinary(value: other)
        }
        return Mask(width: width, height: height, pixels: labels)
    }

    /// Pixels that carry a label other than background: neither 0 nor `LabelMap.ignore`.
    public var labelledForegroundCount: Int {
        labels.reduce(0) { $0 + ($1 != 0 && $1 != LabelMap.ignore ? 1 : 0) }
    }

    /// Pixels marked `LabelMap.ignore`.
    public var ignoredPixelCount: Int {
        labels.reduce(0) { $0 + ($1 == LabelMap.ignore ? 1 : 0) }
    }

    /// For every label value 0...254, the row-major indices of its pixels in ascending order
    /// (ignored pixels are in no list).
    func pixelIndicesByClass() -> [[Int]] {
        var counts = [Int](repeating: 0, count: 256)
        for label in labels { counts[Int(label)] += 1 }
        var indices = (0..<255).map { value -> [Int] in
            var list = [Int]()
            list.reserveCapacity(counts[value])
            return list
        }
        for (index, label) in labels.enumerated() where label != LabelMap.ignore {
            indices[Int(label)].append(index)
        }
        return indices
    }

    /// Throws unless every label is below `classes` or is `LabelMap.ignore`.
    func checkLabels(below classes: Int) throws(LabelNoiseError) {
        if let bad = labels.first(where: { Int($0) >= classes && $0 != LabelMap.ignore }) {
            throw classes == 2 ? .notBinary(value: bad) : .labelOutOfRange(label: bad, classes: classes)
        }
    }
}
