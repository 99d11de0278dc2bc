internal import Foundation
internal import Imaging

/// Draws shapes into a binary mask and an anti-aliased intensity plane at once, so the ground truth
/// and the picture come from one geometry.
///
/// Layout: both rasters are row-major, `width × height`, pixel `(x, y)` centred at `(x, y)`. A pixel
/// is foreground when its centre lies inside a shape; its intensity is the shape's brightness times
/// its coverage, approximated as `clamp(0.5 + signed distance inside, 0, 1)`, and overlapping shapes
/// keep the brighter value (the maximum), as fluorescent structures seen through one focal plane.
struct ShapeCanvas {
    let width: Int
    let height: Int
    var mask: [UInt8]
    var intensity: [Double]

    init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "canvas size must be positive, got \(width)x\(height)")
        self.width = width
        self.height = height
        mask = [UInt8](repeating: 0, count: width * height)
        intensity = [Double](repeating: 0, count: width * height)
    }

    /// Marks one pixel with a signed distance `inside` (positive inside the shape, in pixels).
    private mutating func mark(x: Int, y: Int, inside: Double, brightness: Double) {
        let index = y * width + x
        if inside >= 0 { mask[index] = 1 }
        let coverage = min(max(0.5 + inside, 0), 1)
        intensity[index] = max(intensity[index], coverage * brightness)
    }

    /// A disk of `radius` around `(cx, cy)`.
    mutating func disk(cx: Double, cy: Double, radius: Double, brightness: Double) {
        let reach = radius + 1
        let x0 = max(Int((cx - reach).rounded(.down)), 0)
        let x1 = min(Int((cx + reach).rounded(.up)), width - 1)
        let y0 = max(Int((cy - reach).rounded(.down)), 0)
        let y1 = min(Int((cy + reach).rounded(.up)), height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - cx
                let dy = Double(y) - cy
                let inside = radius - (dx * dx + dy * dy).squareRoot()
                if inside > -0.5 { mark(x: x, y: y, inside: inside, brightness: brightness) }
            }
        }
    }

    /// A tube of constant `width` along a polyline, drawn as disks every quarter pixel (the mask is
    /// then the set of pixel centres within `width / 2` of the centre line, up to that spacing).
    mutating func tube(_ points: [(x: Double, y: Double)], width tubeWidth: Double, brightness: Double) {
        precondition(tubeWidth > 0, "tube width must be positive, got \(tubeWidth)")
        guard let first = points.first else { return }
        disk(cx: first.x, cy: first.y, radius: tubeWidth / 2, brightness: brightness)
        for (start, end) in zip(points, points.dropFirst()) {
            let length = hypot(end.x - start.x, end.y - start.y)
            let steps = max(Int((length * 4).rounded(.up)), 1)
            for step in 1...steps {
                let t = Double(step) / Double(steps)
                disk(
                    cx: start.x + t * (end.x - start.x), cy: start.y + t * (end.y - start.y),
                    radius: tubeWidth / 2, brightness: brightness)
            }
        }
    }

    /// A filled ellipse with semi-axes `a` (along `angle`, radians) and `b`. The signed distance
    /// is approximated by `(1 − r) · min(a, b)`, `r` the ellipse's normalised radius.
    mutating func ellipse(
        cx: Double, cy: Double, a: Double, b: Double, angle: Double, brightness: Double
    ) {
        precondition(a > 0 && b > 0, "ellipse semi-axes must be positive, got \(a), \(b)")
        let reach = max(a, b) + 1
        let x0 = max(Int((cx - reach).rounded(.down)), 0)
        let x1 = min(Int((cx + reach).rounded(.up)), width - 1)
        let y0 = max(Int((cy - reach).rounded(.down)), 0)
        let y1 = min(Int((cy + reach).rounded(.up)), height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let cosine = cos(angle)
        let sine = sin(angle)
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - cx
                let dy = Double(y) - cy
                let u = (dx * cosine + dy * sine) / a
                let v = (-dx * sine + dy * cosine) / b
                let inside = (1 - (u * u + v * v).squareRoot()) * min(a, b)
                if inside > -0.5 { mark(x: x, y: y, inside: inside, brightness: brightness) }
            }
        }
    }

    /// The mask drawn so far.
    var binaryMask: Mask { Mask(width: width, height: height, pixels: mask) }

    /// The intensity drawn so far.
    var plane: Plane { Plane(width: width, height: height, values: intensity) }
}
