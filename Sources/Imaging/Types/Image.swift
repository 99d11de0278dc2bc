/// A raster image as read from or written to a PNG or TIFF file.
///
/// Layout: `samples` holds `height` rows of `width` pixels, top row first (row-major); each pixel is
/// `channels` consecutive samples (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA), so sample `c` of the
/// pixel at column `x`, row `y` is `samples[(y * width + x) * channels + c]`. Every sample is below
/// `2^bitDepth`. A palette image has one channel holding indices into `palette`.
public struct Image: Sendable, Equatable {
    /// Bits per sample.
    public enum BitDepth: Int, Sendable, Equatable {
        case eight = 8
        case sixteen = 16

        /// The largest sample value: 255 or 65535.
        public var maxValue: Int { (1 << rawValue) - 1 }
    }

    /// One palette colour (8 bits per component; `alpha` 255 is opaque).
    public struct PaletteEntry: Sendable, Equatable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8
        public var alpha: UInt8

        public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
            self.red = red
            self.green = green
            self.blue = blue
            self.alpha = alpha
        }
    }

    public let width: Int
    public let height: Int
    /// Samples per pixel: 1, 2, 3 or 4.
    public let channels: Int
    public let bitDepth: BitDepth
    /// Interleaved samples, row-major; `width * height * channels` of them.
    public var samples: [UInt16]
    /// The colour table of a palette image (then `channels == 1`, 8-bit, samples are indices).
    public var palette: [PaletteEntry]?

    /// Makes an image; the sample count, channel count and sample range are checked.
    public init(
        width: Int, height: Int, channels: Int, bitDepth: BitDepth, samples: [UInt16],
        palette: [PaletteEntry]? = nil
    ) {
        precondition(width > 0 && height > 0, "image size must be positive, got \(width)x\(height)")
        precondition((1...4).contains(channels), "channels must be 1...4, got \(channels)")
        precondition(
            samples.count == width * height * channels,
            "\(width)x\(height)x\(channels) image needs \(width * height * channels) samples, got \(samples.count)"
        )
        if bitDepth == .eight {
            let largest = samples.max() ?? 0
            precondition(largest <= 255, "8-bit image holds sample value \(largest)")
        }
        if let palette {
            precondition(
                channels == 1 && bitDepth == .eight && (1...256).contains(palette.count),
                "palette image needs 1 channel, 8 bits, 1...256 entries; got \(channels), \(bitDepth), \(palette.count)"
            )
            let largest = Int(samples.max() ?? 0)
            precondition(largest < palette.count, "palette index \(largest) beyond \(palette.count) entries")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
        self.palette = palette
    }

    /// An 8-bit single-channel image from bytes laid out row-major.
    public init(width: Int, height: Int, gray8: [UInt8]) {
        self.init(
            width: width, height: height, channels: 1, bitDepth: .eight, samples: gray8.map { UInt16($0) })
    }

    /// The number of pixels, `width * height`.
    public var pixelCount: Int { width * height }

    /// The sample at column `x`, row `y`, channel `channel`.
    public subscript(x: Int, y: Int, channel: Int = 0) -> UInt16 {
        samples[(y * width + x) * channels + channel]
    }

    /// One channel as doubles, row-major (for thresholds and filters on the image's own scale).
    public func plane(channel: Int = 0) -> Plane {
        precondition((0..<channels).contains(channel), "channel \(channel) of a \(channels)-channel image")
        var values = [Double](repeating: 0, count: pixelCount)
        for index in 0..<pixelCount {
            values[index] = Double(samples[index * channels + channel])
        }
        return Plane(width: width, height: height, values: values)
    }

    /// The single gray channel of a 1-channel, non-palette image, or an `invalidContent` error.
    func requireGray(_ purpose: String) throws -> [UInt16] {
        guard channels == 1, palette == nil else {
            throw ImagingError.invalidContent(
                reason: "\(purpose) needs a single-channel gray image, got \(channels) channel(s)"
                    + (palette == nil ? "" : " with a palette"))
        }
        return samples
    }
}
