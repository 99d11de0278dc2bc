internal import Foundation

/// Curved centre lines for tubes.
enum Curves {
    /// The quadratic Bézier from `start` to `end` through control point `control`, as a polyline
    /// of points about one pixel apart.
    static func quadratic(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), control: (x: Double, y: Double)
    ) -> [(x: Double, y: Double)] {
        let length =
            hypot(control.x - start.x, control.y - start.y) + hypot(end.x - control.x, end.y - control.y)
        let steps = max(Int(length.rounded(.up)), 1)
        return (0...steps).map { step in
            let t = Double(step) / Double(steps)
            let s = 1 - t
            return (
                x: s * s * start.x + 2 * s * t * control.x + t * t * end.x,
                y: s * s * start.y + 2 * s * t * control.y + t * t * end.y
            )
        }
    }

    /// The control point that bends the chord `start → end` sideways by `bend` times its length
    /// (positive to the left of the direction of travel).
    static func bentControl(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), bend: Double
    ) -> (x: Double, y: Double) {
        let dx = end.x - start.x
        let dy = end.y - start.y
        return (x: (start.x + end.x) / 2 - dy * bend, y: (start.y + end.y) / 2 + dx * bend)
    }
}
