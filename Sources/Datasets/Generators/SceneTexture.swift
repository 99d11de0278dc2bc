internal import Foundation
internal import Imaging
internal import RandomStreams

/// The RGB picture of a scene's class map: a base colour per class, a pattern for some (the sky's
/// gradient, window grids on buildings, slats on fences, paving on sidewalks, blotches on
/// vegetation and terrain), one random car colour per image, and per-pixel Gaussian noise.
struct SceneTexture {
    typealias Class = SceneGenerator.Class

    let labels: LabelMap
    let stream: RandomStream

    /// The 8-bit RGB image.
    func image() -> Image {
        var draw = stream
        let width = labels.width
        let height = labels.height
        let blotches = SmoothField.make(width: width, height: height, cells: max(width / 6, 2), stream: &draw)
        let carColour = [draw.uniform(120, 230), draw.uniform(20, 120), draw.uniform(20, 200)]
        var samples = [UInt16](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let shade = (blotches.values[index] - 0.5) * 60
                let (base, spread) = colour(
                    of: Class(rawValue: labels[x, y]) ?? .sky, x: x, y: y, height: height, shade: shade,
                    car: carColour)
                for channel in 0..<3 {
                    let value = base[channel] + spread * draw.nextNormal()
                    samples[index * 3 + channel] = UInt16(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return Image(width: width, height: height, channels: 3, bitDepth: .eight, samples: samples)
    }

    /// The noise-free colour of a pixel of `value` at `(x, y)` and its noise spread.
    private func colour(of value: Class, x: Int, y: Int, height: Int, shade: Double, car: [Double])
        -> ([Double], Double)
    {
        switch value {
        case .sky:
            let lift = 50 * Double(y) / Double(height)
            return ([100 + lift, 150 + lift, 230], 4)
        case .road: return ([90, 90, 96], 14)
        case .sidewalk:
            let joint = x % 4 == 0 || y % 4 == 0
            return (joint ? [140, 130, 140] : [175, 165, 170], 8)
        case .building:
            let window = (x / 5) % 2 == 0 && (y / 7) % 2 == 0
            return (window ? [90, 80, 70] : [160, 125, 100], 8)
        case .wall: return ([200, 190, 150], 8)
        case .fence: return (x % 3 == 0 ? [90, 60, 30] : [150, 115, 65], 8)
        case .pole: return ([55, 55, 60], 6)
        case .trafficLight: return ([240, 170, 20], 10)
        case .trafficSign: return ([210, 30, 30], 10)
        case .vegetation: return ([40 + shade, 110 + shade, 40 + shade / 2], 16)
        case .terrain: return ([150 + shade / 2, 170 + shade / 2, 80], 12)
        case .person: return ([230, 120, 170], 10)
        case .rider: return ([255, 110, 0], 10)
        case .car: return (car, 8)
        case .truck: return ([30, 30, 130], 8)
        case .bus: return ([0, 140, 170], 8)
        case .train: return ([130, 40, 150], 8)
        case .motorcycle: return ([15, 15, 15], 6)
        case .bicycle: return ([120, 200, 210], 8)
        }
    }
}
