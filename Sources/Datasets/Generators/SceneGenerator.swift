internal import Foundation
internal import Imaging
public import NumericCore

/// Multi-class street-like scenes for Table 2 and Figure 3: sky, road, buildings, vehicles and
/// vegetation as textured regions of an 8-bit RGB image, with class ids in the label map.
///
/// Layout: a wavy horizon; sky above it; buildings standing on it; trees (ellipses) in front of
/// them; below it grass (vegetation) with a road narrowing towards a vanishing point on the
/// horizon, and vehicles on the road. The label map is then warped by a smooth random displacement
/// of up to `boundaryNoise` pixels, so class boundaries are ragged, and the image is textured from
/// the warped labels: per-class colour, a sky gradient, window grids on buildings, blotches on
/// vegetation and per-pixel noise.
public struct SceneGenerator: SampleGenerator {
    /// Class names in id order.
    public static let classNames = ["sky", "road", "building", "vehicle", "vegetation"]
    static let sky: UInt8 = 0
    static let road: UInt8 = 1
    static let building: UInt8 = 2
    static let vehicle: UInt8 = 3
    static let vegetation: UInt8 = 4

    /// The largest boundary displacement in pixels.
    public var boundaryNoise = 3.0

    public init() {}

    public var task: LabelTask { .multiclass(classNames: Self.classNames) }

    public func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage {
        let layout = layoutLabels(width: width, height: height, stream: stream.substream("layout"))
        let labels = warp(layout, stream: stream.substream("boundary"))
        let image = texture(labels, stream: stream.substream("texture"))
        return LabeledImage(image: image, labels: labels)
    }

    private func layoutLabels(width: Int, height: Int, stream: RandomStream) -> LabelMap {
        var draw = stream
        let w = Double(width)
        let h = Double(height)
        let horizonBase = draw.uniform(0.38, 0.5) * h
        let waves = (0..<8).map { _ in draw.uniform(-0.04, 0.04) * h }
        func horizon(_ x: Int) -> Double {
            let position = Double(x) / Double(max(width - 1, 1)) * 7
            let cell = min(Int(position), 6)
            let t = position - Double(cell)
            return horizonBase + waves[cell] * (1 - t) + waves[cell + 1] * t
        }
        var labels = LabelMap(
            width: width, height: height, labels: [UInt8](repeating: Self.sky, count: width * height))
        let vanishing = draw.uniform(0.4, 0.6) * w
        let roadHalfWidth = draw.uniform(0.3, 0.45) * w
        let roadCentre = draw.uniform(0.4, 0.6) * w
        for y in 0..<height {
            for x in 0..<width where Double(y) >= horizon(x) {
                let t = (Double(y) - horizonBase) / max(h - horizonBase, 1)
                let centre = vanishing + (roadCentre - vanishing) * t
                labels[x, y] =
                    abs(Double(x) - centre) < roadHalfWidth * max(t, 0) ? Self.road : Self.vegetation
            }
        }
        for _ in 0..<5 {
            let present = draw.nextBool(probability: 0.8)
            let left = draw.uniform(-0.1, 0.9) * w
            let span = draw.uniform(0.1, 0.3) * w
            let rise = draw.uniform(0.1, 0.3) * h
            guard present else { continue }
            fill(&labels, Self.building) { x, y in
                x >= left && x <= left + span && y >= horizonBase - rise && y <= horizonBase + 0.02 * h
            }
        }
        for _ in 0..<4 {
            let cx = draw.uniform(0, 1) * w
            let cy = horizonBase + draw.uniform(-0.1, 0.05) * h
            let a = draw.uniform(0.06, 0.14) * w
            let b = draw.uniform(0.06, 0.14) * h
            fill(&labels, Self.vegetation) { x, y in
                let u = (x - cx) / a
                let v = (y - cy) / b
                return u * u + v * v <= 1
            }
        }
        for _ in 0..<3 {
            let present = draw.nextBool(probability: 0.75)
            let t = draw.uniform(0.3, 0.9)
            let side = draw.uniform(-0.5, 0.5)
            guard present else { continue }
            let y = horizonBase + t * (h - horizonBase)
            let centre = vanishing + (roadCentre - vanishing) * t + side * roadHalfWidth * t
            let halfWidth = 0.09 * w * t
            let carHeight = 0.1 * h * t
            fill(&labels, Self.vehicle) { x, py in
                abs(x - centre) <= halfWidth && py <= y && py >= y - carHeight
            }
        }
        return labels
    }

    private func fill(_ labels: inout LabelMap, _ value: UInt8, where inside: (Double, Double) -> Bool) {
        for y in 0..<labels.height {
            for x in 0..<labels.width where inside(Double(x), Double(y)) { labels[x, y] = value }
        }
    }

    /// Each pixel takes the label at its position displaced by a smooth field (nearest pixel,
    /// clamped to the image).
    private func warp(_ labels: LabelMap, stream: RandomStream) -> LabelMap {
        var draw = stream
        let cells = max(labels.width / 12, 2)
        let dx = SmoothField.make(width: labels.width, height: labels.height, cells: cells, stream: &draw)
        let dy = SmoothField.make(width: labels.width, height: labels.height, cells: cells, stream: &draw)
        var warped = labels
        for y in 0..<labels.height {
            for x in 0..<labels.width {
                let index = y * labels.width + x
                let sourceX = Double(x) + (dx.values[index] - 0.5) * 2 * boundaryNoise
                let sourceY = Double(y) + (dy.values[index] - 0.5) * 2 * boundaryNoise
                let clampedX = min(max(Int(sourceX.rounded()), 0), labels.width - 1)
                let clampedY = min(max(Int(sourceY.rounded()), 0), labels.height - 1)
                warped[x, y] = labels[clampedX, clampedY]
            }
        }
        return warped
    }

    private func texture(_ labels: LabelMap, stream: RandomStream) -> Image {
        var draw = stream
        let width = labels.width
        let height = labels.height
        let blotches = SmoothField.make(
            width: width, height: height, cells: max(width / 6, 2), stream: &draw)
        let vehicleColour = [draw.uniform(120, 230), draw.uniform(20, 120), draw.uniform(20, 200)]
        var samples = [UInt16](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let base: [Double]
                let spread: Double
                switch labels[x, y] {
                case Self.sky:
                    let lift = 50 * Double(y) / Double(height)
                    base = [100 + lift, 150 + lift, 230]
                    spread = 4
                case Self.road:
                    base = [90, 90, 96]
                    spread = 14
                case Self.building:
                    let window = (x / 5) % 2 == 0 && (y / 7) % 2 == 0
                    base = window ? [90, 80, 70] : [160, 125, 100]
                    spread = 8
                case Self.vehicle:
                    base = vehicleColour
                    spread = 8
                default:
                    let shade = (blotches.values[index] - 0.5) * 60
                    base = [50 + shade, 125 + shade, 45 + shade / 2]
                    spread = 16
                }
                for channel in 0..<3 {
                    let value = base[channel] + spread * draw.nextNormal()
                    samples[index * 3 + channel] = UInt16(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return Image(width: width, height: height, channels: 3, bitDepth: .eight, samples: samples)
    }
}
