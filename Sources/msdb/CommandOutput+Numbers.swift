import Foundation

extension CommandOutput {
    /// A number for people: integers without a fraction (`91`), others to 6 significant digits.
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
