import Foundation

/// Deterministic number text for CSV cells, SVG coordinates and labels.
///
/// Every number in a report goes through here so that the same value always gives the same bytes:
/// a fixed count of decimals, `.` as the separator whatever the locale, no exponent, no `-0.00`,
/// and the empty string for a missing or non-finite value.
public enum ReportNumber {
    /// `value` with exactly `decimals` digits after the point; empty for nil, NaN or infinity.
    public static func fixed(_ value: Double?, decimals: Int) -> String {
        precondition((0...12).contains(decimals), "decimals must be 0...12, got \(decimals)")
        guard let value, value.isFinite else { return "" }
        let text = String(format: "%.\(decimals)f", locale: nil, value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
            ? String(text.dropFirst()) : text
    }

    /// A fraction in [0, 1] as a percent with two decimals: `0.8599` → `85.99`.
    public static func percent(_ fraction: Double?) -> String {
        fixed(fraction.map { $0 * 100 }, decimals: 2)
    }

    /// A noise ratio with up to two decimals and no trailing zeros: `0.5` → `0.5`, `0.49` → `0.49`,
    /// `1` → `1`; empty for nil (CL and morphology labels have no ratio).
    public static func ratio(_ value: Double?) -> String {
        compact(value, maxDecimals: 2)
    }

    /// `value` rounded to `maxDecimals` with trailing zeros (and a bare point) removed.
    public static func compact(_ value: Double?, maxDecimals: Int) -> String {
        var text = fixed(value, decimals: maxDecimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
