public import Imaging

/// Turns stored pictures into display-ready 8-bit images for image grids: masks in black and
/// white, label maps in fixed class colours, microscopy stretched to its own range.
public enum DisplayImage {
    /// A 0/1 mask as black background and white foreground.
    public static func mask(_ mask: Mask) -> Image {
        Image(width: mask.width, height: mask.height, gray8: mask.pixels.map { $0 == 0 ? 0 : 255 })
    }

    /// A label map in RGB: class k in the k-th of a fixed list of colours, the ignore label in grey.
    public static func labels(_ labels: LabelMap) -> Image {
        let colors: [(UInt16, UInt16, UInt16)] = [
            (0, 0, 0), (0, 114, 178), (213, 94, 0), (0, 158, 115), (230, 159, 0), (204, 121, 167),
            (86, 180, 233), (240, 228, 66), (255, 255, 255),
        ]
        var samples: [UInt16] = []
        samples.reserveCapacity(labels.labels.count * 3)
        for label in labels.labels {
            let color = label == LabelMap.ignore ? (128, 128, 128) : colors[Int(label) % colors.count]
            samples += [color.0, color.1, color.2]
        }
        return Image(
            width: labels.width, height: labels.height, channels: 3, bitDepth: .eight, samples: samples)
    }

    /// A single-channel image of any depth stretched linearly from its minimum to its maximum to
    /// 0...255 (a flat image becomes black). Multi-channel 8-bit images are returned unchanged.
    public static func stretched(_ image: Image) -> Image {
        if image.channels > 1 && image.bitDepth == .eight && image.palette == nil { return image }
        let plane = image.samples.enumerated().filter { $0.offset % image.channels == 0 }.map {
            Double($0.element)
        }
        let low = plane.min() ?? 0
        let high = plane.max() ?? 0
        let span = high > low ? high - low : 1
        return Image(
            width: image.width, height: image.height,
            gray8: plane.map { UInt8(((($0 - low) / span) * 255).rounded()) })
    }
}
