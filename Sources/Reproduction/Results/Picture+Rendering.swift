public import Imaging
internal import Jobs
internal import Runs

/// How stored images and labels are drawn in the figures.
public enum FigurePicture {
    /// An image as the figures show it: colour images (three channels or more) as 8-bit RGB,
    /// single-channel ones as 8-bit gray, each stretched linearly from its minimum to its maximum
    /// (one range for all three colour channels, so hues keep their balance; alpha is dropped).
    public static func display(_ image: Image) -> Image {
        guard image.channels >= 3 else { return gray(image) }
        let channels = image.channels
        var rgb: [Double] = []
        rgb.reserveCapacity(image.pixelCount * 3)
        for pixel in 0..<image.pixelCount {
            for channel in 0..<3 { rgb.append(Double(image.samples[pixel * channels + channel])) }
        }
        let low = rgb.min() ?? 0
        let high = rgb.max() ?? 0
        let samples = rgb.map { value -> UInt16 in
            high > low ? UInt16(((value - low) / (high - low) * 255).rounded()) : 0
        }
        return Image(
            width: image.width, height: image.height, channels: 3, bitDepth: .eight, samples: samples)
    }

    /// An image as 8-bit gray (the mean of its first three channels at most), stretched linearly
    /// from its minimum to its maximum.
    public static func gray(_ image: Image) -> Image {
        let channels = image.channels
        var means = [Double](repeating: 0, count: image.pixelCount)
        for pixel in 0..<image.pixelCount {
            var total = 0.0
            for channel in 0..<min(channels, 3) { total += Double(image.samples[pixel * channels + channel]) }
            means[pixel] = total / Double(min(channels, 3))
        }
        return Image(
            quantizing: Plane(width: image.width, height: image.height, values: means), bitDepth: .eight)
    }

    /// A label map in colour: binary labels black and white, classes from a fixed palette, the
    /// ignore label (unlabelled pixels) mid-gray.
    public static func labels(_ map: LabelMap, classes: Int) -> Image {
        var samples: [UInt16] = []
        samples.reserveCapacity(map.labels.count * 3)
        for label in map.labels {
            let colour: (UInt16, UInt16, UInt16) =
                if label == LabelMap.ignore {
                    (128, 128, 128)
                } else if classes <= 2 {
                    label == 0 ? (0, 0, 0) : (255, 255, 255)
                } else {
                    palette[Int(label) % palette.count]
                }
            samples += [colour.0, colour.1, colour.2]
        }
        return Image(width: map.width, height: map.height, channels: 3, bitDepth: .eight, samples: samples)
    }

    /// Distinct colours for class maps: Cityscapes' colours in train-id order (road, sidewalk,
    /// building, wall, fence, pole, traffic light, traffic sign, vegetation, terrain, sky, person,
    /// rider, car, truck, bus, train, motorcycle, bicycle), the scenes set's classes.
    static let palette: [(UInt16, UInt16, UInt16)] = [
        (128, 64, 128), (244, 35, 232), (70, 70, 70), (102, 102, 156), (190, 153, 153), (153, 153, 153),
        (250, 170, 30), (220, 220, 0), (107, 142, 35), (152, 251, 152), (70, 130, 180), (220, 20, 60),
        (255, 0, 0), (0, 0, 142), (0, 0, 70), (0, 60, 100), (0, 80, 100), (0, 0, 230), (119, 11, 32),
    ]
}
