internal import Foundation

/// Numbers for people on the pages.
enum Format {
    /// A metric with at most 6 significant digits (`0.912345`, `1.5e-07`).
    static func metric(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : String(value)
    }

    /// A signed difference (`+0.0123`, `-1.2e-05`).
    static func delta(_ value: Double) -> String {
        value.isFinite ? String(format: "%+.4g", value) : String(value)
    }

    /// Seconds as `1.23 s`, `4m05s` or `2h03m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.2f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole % 3600 / 60)
    }
}
