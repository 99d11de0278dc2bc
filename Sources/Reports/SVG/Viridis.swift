/// The viridis colormap (perceptually uniform, readable in greyscale and by most colour-blind
/// readers), computed from a degree-6 polynomial fit to matplotlib's table rather than stored.
///
/// The fit (Matt Zucker's public-domain coefficients) stays within 4 of 255 levels of matplotlib's
/// viridis over [0, 1]; `ReportsTests` checks it against values sampled from matplotlib.
public enum Viridis {
    private static let coefficients: [(Double, Double, Double)] = [
        (0.2777273272234177, 0.005407344544966578, 0.3340998053353061),
        (0.1050930431085774, 1.404613529898575, 1.384590162594685),
        (-0.3308618287255563, 0.214847559468213, 0.09509516302823659),
        (-4.634230498983486, -5.799100973351585, -19.33244095627987),
        (6.228269936347081, 14.17993336680509, 56.69055260068105),
        (4.776384997670288, -13.74514537774601, -65.35303263337234),
        (-5.435455855934631, 4.645852612178535, 26.3124352495832),
    ]

    /// The colour at `t` (clamped to [0, 1]) as 8-bit red, green, blue.
    public static func rgb(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let x = t.isFinite ? min(1, max(0, t)) : 0
        var red = 0.0
        var green = 0.0
        var blue = 0.0
        for coefficient in coefficients.reversed() {
            red = red * x + coefficient.0
            green = green * x + coefficient.1
            blue = blue * x + coefficient.2
        }
        func byte(_ channel: Double) -> UInt8 { UInt8(min(255, max(0, (channel * 255).rounded()))) }
        return (byte(red), byte(green), byte(blue))
    }

    /// The colour at `t` as `#rrggbb`.
    public static func hex(_ t: Double) -> String {
        let (red, green, blue) = rgb(t)
        return "#"
            + [red, green, blue].map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
    }

    /// Relative luminance of the colour at `t` is low enough that white text reads better on it.
    static func isDark(_ t: Double) -> Bool {
        let (red, green, blue) = rgb(t)
        return 0.299 * Double(red) + 0.587 * Double(green) + 0.114 * Double(blue) < 140
    }
}
