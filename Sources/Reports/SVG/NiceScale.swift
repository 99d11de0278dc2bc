import Foundation

/// Axis ticks at "nice" numbers (1, 2, 5 or 10 times a power of ten), after Heckbert's "Nice
/// numbers for graph labels" (Graphics Gems, 1990).
///
/// The range is widened outwards to whole steps, so the data always lies inside the axis, and the
/// tick labels need exactly `decimals` digits after the point.
public struct NiceScale: Sendable, Equatable {
    /// The axis start, a multiple of `step` at or below the data minimum.
    public let lower: Double
    /// The axis end, a multiple of `step` at or above the data maximum.
    public let upper: Double
    /// The tick spacing.
    public let step: Double

    /// A scale covering `minimum...maximum` with about `maxTicks` ticks (at least 2).
    ///
    /// A degenerate range (equal ends) is widened by one unit each way, or by half the value when
    /// that is larger, so a flat series still gets an axis.
    public init(minimum: Double, maximum: Double, maxTicks: Int = 6) {
        precondition(
            minimum.isFinite && maximum.isFinite && minimum <= maximum,
            "nice scale needs finite minimum <= maximum, got \(minimum)...\(maximum)")
        precondition(maxTicks >= 2, "nice scale needs at least 2 ticks, got \(maxTicks)")
        var low = minimum
        var high = maximum
        if low == high {
            let pad = Swift.max(1, abs(low) * 0.5)
            low -= pad
            high += pad
        }
        let range = Self.niceNumber(high - low, round: false)
        let spacing = Self.niceNumber(range / Double(maxTicks - 1), round: true)
        step = spacing
        lower = (low / spacing).rounded(.down) * spacing
        upper = (high / spacing).rounded(.up) * spacing
    }

    /// The tick positions from `lower` to `upper`, computed by index so no error accumulates.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<count).map { index in
            let value = lower + Double(index) * step
            // Snap to the step's grid so 0.30000000000000004 prints as 0.3.
            let scale = pow(10, Double(decimals))
            return (value * scale).rounded() / scale
        }
    }

    /// Digits after the point that the tick labels need.
    public var decimals: Int {
        Swift.max(0, -Int(log10(step).rounded(.down)))
    }

    /// The tick labels, all with `decimals` digits.
    public var labels: [String] {
        ticks.map { ReportNumber.fixed($0, decimals: decimals) }
    }

    /// The nice number near `value`: rounded to the closest of 1, 2, 5, 10 (× 10^k) when `round`,
    /// otherwise the smallest of them at or above `value`.
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        let exponent = log10(value).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}
