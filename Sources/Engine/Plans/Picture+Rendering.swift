public import Imaging

/// How stored images and labels are drawn in the figures.
public enum FigurePicture {
    /// An image as 8-bit gray (the mean of its channels), stretched linearly from its minimum to
    /// its maximum.
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

    /// Distinct colours for class maps (Cityscapes-like: sky, road, building, vehicle, vegetation, …).
    static let palette: [(UInt16, UInt16, UInt16)] = [
        (70, 130, 180), (128, 64, 128), (70, 70, 70), (0, 0, 142), (107, 142, 35), (220, 20, 60),
        (250, 170, 30), (153, 153, 153),
    ]
}
