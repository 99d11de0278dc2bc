/// Checks a noise probability before any pixel is touched.
enum Probability {
    /// Returns `value` when it lies in [0, 1]; throws otherwise (NaN included).
    static func validated(_ value: Double, name: String = "p") throws(LabelNoiseError) -> Double {
        guard value >= 0, value <= 1 else {
            throw .probabilityOutOfRange(name: name, value: value)
        }
        return value
    }
}
