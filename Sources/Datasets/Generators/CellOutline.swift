internal import Foundation
internal import RandomStreams

/// An elliptical cell outline placed at random over most of an image.
struct CellOutline {
    let centreX: Double
    let centreY: Double
    let semiAxisX: Double
    let semiAxisY: Double
    let angle: Double

    /// Centre within 10 % of the image centre, semi-axes 40–52 % of the image size, any angle.
    /// Consumes five words.
    static func random(width: Int, height: Int, stream: inout RandomStream) -> CellOutline {
        let w = Double(width)
        let h = Double(height)
        return CellOutline(
            centreX: w / 2 + stream.uniform(-0.1, 0.1) * w, centreY: h / 2 + stream.uniform(-0.1, 0.1) * h,
            semiAxisX: stream.uniform(0.40, 0.52) * w, semiAxisY: stream.uniform(0.40, 0.52) * h,
            angle: stream.uniform(0, Double.pi))
    }

    /// The normalised elliptical radius of a point: below 1 inside the cell.
    func radius(x: Double, y: Double) -> Double {
        let dx = x - centreX
        let dy = y - centreY
        let u = (dx * cos(angle) + dy * sin(angle)) / semiAxisX
        let v = (-dx * sin(angle) + dy * cos(angle)) / semiAxisY
        return (u * u + v * v).squareRoot()
    }
}
