internal import Foundation
internal import Imaging
public import RandomStreams

/// NUC-like images: filled ellipses of varying brightness (nuclei), packed so that neighbours
/// touch or overlap slightly, rendered through a wide PSF with uneven background and noise
/// (16-bit); the mask is their union.
///
/// Placement: `attempts` candidate nuclei (each consuming six words of `"nuclei"`); a candidate
/// is kept when its centre is at least `packing` times the sum of the mean radii away from every
/// kept centre, so with `packing` below 1 kept nuclei may touch.
public struct NucleusGenerator: SampleGenerator {
    public var attempts = 60
    /// Semi-axes as fractions of the image side.
    public var radii: ClosedRange<Double> = 0.06...0.11
    public var packing = 0.85
    public var microscope = Microscope(
        background: 40, unevenness: 0.35, fieldCells: 3, signal: 380, psfSigma: 1.5, readNoise: 8, gain: 4,
        offset: 400)

    public init() {}

    public var task: LabelTask { .binary }

    public func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage {
        let side = Double(min(width, height))
        var canvas = ShapeCanvas(width: width, height: height)
        var nuclei = stream.substream("nuclei")
        var kept: [(x: Double, y: Double, radius: Double)] = []
        for _ in 0..<attempts {
            let x = nuclei.uniform(0, Double(width))
            let y = nuclei.uniform(0, Double(height))
            let a = nuclei.uniform(radii.lowerBound, radii.upperBound) * side
            let b = nuclei.uniform(radii.lowerBound, radii.upperBound) * side
            let angle = nuclei.uniform(0, Double.pi)
            let level = nuclei.uniform(0.3, 1)
            let radius = (a + b) / 2
            let crowded = kept.contains { other in
                hypot(other.x - x, other.y - y) < packing * (other.radius + radius)
            }
            guard !crowded else { continue }
            kept.append((x, y, radius))
            canvas.ellipse(cx: x, cy: y, a: a, b: b, angle: angle, brightness: level)
        }
        let image = microscope.image(of: canvas.plane, stream: stream)
        return LabeledImage(image: image, labels: LabelMap(mask: canvas.binaryMask))
    }
}
