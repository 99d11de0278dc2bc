internal import Foundation
internal import Imaging
public import RandomStreams

/// The toy of Figure 6: a rectangle with a circle inside it.
///
/// The mask's foreground is the rectangle minus the circle, so both shapes are visible in the
/// label (a filled rectangle with a round hole): the structure whose KDE map the figure compares
/// across clean and noisy labels. The rectangle spans about 60 % × 45 % of the image, the circle's
/// radius is 15 % of the side; both are jittered by a few pixels per sample. The 8-bit image shows
/// the rectangle at 180 and the circle at 60 on a background of 40, with Gaussian noise of σ 8.
public struct CircleInRectangleGenerator: SampleGenerator {
    public init() {}

    public var task: LabelTask { .binary }

    public func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage {
        var shape = stream.substream("shape")
        let w = Double(width)
        let h = Double(height)
        let side = min(w, h)
        let jitter = side * 0.02
        let left = w * 0.2 + shape.uniform(-jitter, jitter)
        let right = w * 0.8 + shape.uniform(-jitter, jitter)
        let top = h * 0.275 + shape.uniform(-jitter, jitter)
        let bottom = h * 0.725 + shape.uniform(-jitter, jitter)
        let cx = (left + right) / 2 + shape.uniform(-jitter, jitter)
        let cy = (top + bottom) / 2 + shape.uniform(-jitter, jitter)
        let radius = side * 0.15
        var noise = stream.substream("noise")
        var pixels = [UInt8](repeating: 0, count: width * height)
        var samples = [UInt16](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let px = Double(x)
                let py = Double(y)
                let inRectangle = px >= left && px <= right && py >= top && py <= bottom
                let inCircle = hypot(px - cx, py - cy) <= radius
                let level: Double = inCircle ? 60 : (inRectangle ? 180 : 40)
                if inRectangle && !inCircle { pixels[y * width + x] = 1 }
                samples[y * width + x] = UInt16(min(max((level + 8 * noise.nextNormal()).rounded(), 0), 255))
            }
        }
        let image = Image(width: width, height: height, channels: 1, bitDepth: .eight, samples: samples)
        return LabeledImage(image: image, labels: LabelMap(width: width, height: height, labels: pixels))
    }
}
