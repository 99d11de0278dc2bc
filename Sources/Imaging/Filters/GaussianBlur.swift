internal import Foundation

/// Separable Gaussian smoothing of a `Plane`, in double precision.
///
/// The kernel is `exp(-x² / 2σ²)` for integer offsets `x` in `-r...r`, `r = Int(truncate · σ + 0.5)`,
/// normalised to sum 1 (scipy's `ndimage.gaussian_filter` with its default `truncate = 4`, which
/// `skimage.filters.gaussian` calls). Rows are filtered first, then columns.
public struct GaussianBlur: Sendable {
    /// What the filter sees beyond the image edge.
    public enum Border: Sendable {
        /// The nearest edge pixel repeats (scipy `mode="nearest"`, OpenCV `BORDER_REPLICATE`).
        case replicate
        /// Zeros (scipy `mode="constant", cval=0`): mass is not invented outside the image.
        case zero
    }

    public let sigma: Double
    public let truncate: Double
    public let border: Border
    /// The normalised 1-D kernel, `2r + 1` taps, centre in the middle.
    public let kernel: [Double]

    public init(sigma: Double, truncate: Double = 4, border: Border = .replicate) {
        precondition(sigma > 0 && sigma.isFinite, "gaussian sigma must be positive and finite, got \(sigma)")
        precondition(truncate > 0, "gaussian truncate must be positive, got \(truncate)")
        self.sigma = sigma
        self.truncate = truncate
        self.border = border
        let radius = Int(truncate * sigma + 0.5)
        var taps = (-radius...radius).map { offset -> Double in
            let x = Double(offset)
            return exp(-0.5 / (sigma * sigma) * x * x)
        }
        let sum = taps.reduce(0, +)
        taps = taps.map { $0 / sum }
        self.kernel = taps
    }

    /// The kernel radius `r`.
    public var radius: Int { kernel.count / 2 }

    /// The smoothed plane (same size).
    public func apply(_ plane: Plane) -> Plane {
        let rows = filter(plane.values, width: plane.width, height: plane.height, horizontal: true)
        let both = filter(rows, width: plane.width, height: plane.height, horizontal: false)
        return Plane(width: plane.width, height: plane.height, values: both)
    }

    private func filter(_ values: [Double], width: Int, height: Int, horizontal: Bool) -> [Double] {
        let length = horizontal ? width : height
        let lines = horizontal ? height : width
        let step = horizontal ? 1 : width
        let radius = self.radius
        var out = [Double](repeating: 0, count: values.count)
        var line = [Double](repeating: 0, count: length + 2 * radius)
        for lineIndex in 0..<lines {
            let start = horizontal ? lineIndex * width : lineIndex
            for position in 0..<(length + 2 * radius) {
                let source = position - radius
                if source >= 0 && source < length {
                    line[position] = values[start + source * step]
                } else if border == .replicate {
                    line[position] = values[start + min(max(source, 0), length - 1) * step]
                } else {
                    line[position] = 0
                }
            }
            for position in 0..<length {
                var sum = 0.0
                for tap in 0..<kernel.count {
                    sum += kernel[tap] * line[position + tap]
                }
                out[start + position * step] = sum
            }
        }
        return out
    }
}
