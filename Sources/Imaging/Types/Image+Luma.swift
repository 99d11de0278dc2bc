extension Image {
    /// The image reduced to one gray channel, the rule for sets whose microscopy images are stored
    /// as colour (the 2018 Data Science Bowl keeps gray fluorescence as RGBA):
    ///
    /// - alpha is dropped (a gray+alpha image keeps its gray channel);
    /// - red, green and blue become the ITU-R 601-2 luma as Pillow's `convert("L")` computes it,
    ///   `(19595 R + 38470 G + 7471 B + 32768) >> 16` on 8-bit samples; the weights sum to 65536, so
    ///   a gray image stored as RGB gives back its gray values exactly;
    /// - a palette image becomes the luma of its colours; a gray image is returned as it is.
    ///
    /// 16-bit colour uses the same weights, rounded the same way.
    public var luma: Image {
        if let palette {
            let gray = palette.map {
                UInt16(Self.luma(red: UInt32($0.red), green: UInt32($0.green), blue: UInt32($0.blue)))
            }
            return Image(
                width: width, height: height, channels: 1, bitDepth: .eight,
                samples: samples.map { gray[Int($0)] })
        }
        switch channels {
        case 1:
            return self
        case 2:
            return Image(
                width: width, height: height, channels: 1, bitDepth: bitDepth,
                samples: stride(from: 0, to: samples.count, by: 2).map { samples[$0] })
        default:
            let pixels = width * height
            var gray = [UInt16](repeating: 0, count: pixels)
            for pixel in 0..<pixels {
                let base = pixel * channels
                gray[pixel] = UInt16(
                    Self.luma(
                        red: UInt32(samples[base]), green: UInt32(samples[base + 1]),
                        blue: UInt32(samples[base + 2])))
            }
            return Image(width: width, height: height, channels: 1, bitDepth: bitDepth, samples: gray)
        }
    }

    /// Pillow's integer luma of one colour.
    private static func luma(red: UInt32, green: UInt32, blue: UInt32) -> UInt32 {
        (19595 * red + 38470 * green + 7471 * blue + 32768) >> 16
    }
}
