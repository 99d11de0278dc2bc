internal import Foundation
internal import Imaging
public import RandomStreams

/// MITO-like images: scattered short curved tubes (8–30 px long, 3–6 px wide) and small blobs
/// inside a cell, rendered like the ER set (PSF, uneven background, Poisson and read noise,
/// 16-bit) with binary masks.
///
/// Every object consumes the same nine words of the `"objects"` stream whether it becomes a tube
/// or a blob, so one object's shape never shifts the next one's.
public struct MitochondriaGenerator: SampleGenerator {
    /// Objects per 1000 pixels of image.
    public var density = 0.7
    /// The fraction of objects that are tubes (the rest are blobs).
    public var tubeFraction = 0.65
    public var microscope = Microscope(
        background: 50, unevenness: 0.4, fieldCells: 4, signal: 320, psfSigma: 1.2, readNoise: 10, gain: 4,
        offset: 400)

    public init() {}

    public var task: LabelTask { .binary }

    public func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage {
        var geometry = stream.substream("geometry")
        let cell = CellOutline.random(width: width, height: height, stream: &geometry)
        let count = Int((Double(width * height) / 1000 * density).rounded())
        var canvas = ShapeCanvas(width: width, height: height)
        var objects = stream.substream("objects")
        for _ in 0..<count {
            let x = objects.uniform(0, Double(width))
            let y = objects.uniform(0, Double(height))
            let isTube = objects.nextBool(probability: tubeFraction)
            let length = objects.uniform(8, 30)
            let size = objects.uniform(3, 6)
            let angle = objects.uniform(0, Double.pi)
            let level = objects.uniform(0.5, 1)
            let bendFraction = 0.2 * objects.nextNormal()
            guard cell.radius(x: x, y: y) < 0.9 else { continue }
            if isTube {
                let dx = cos(angle) * length / 2
                let dy = sin(angle) * length / 2
                let start = (x: x - dx, y: y - dy)
                let end = (x: x + dx, y: y + dy)
                let control = Curves.bentControl(from: start, to: end, bend: bendFraction)
                canvas.tube(
                    Curves.quadratic(from: start, to: end, control: control), width: size, brightness: level)
            } else {
                canvas.ellipse(
                    cx: x, cy: y, a: size * 1.2, b: size * 0.85, angle: angle, brightness: level)
            }
        }
        let image = microscope.image(of: canvas.plane, stream: stream)
        return LabeledImage(image: image, labels: LabelMap(mask: canvas.binaryMask))
    }
}
