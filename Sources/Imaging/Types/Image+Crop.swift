extension Image {
    /// The `width`×`height` region whose top-left corner is (`x`, `y`), every channel, the palette
    /// kept. The region must lie inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> Image {
        precondition(
            x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= self.width
                && y + height <= self.height,
            "crop \(width)x\(height)+\(x)+\(y) leaves the \(self.width)x\(self.height) image")
        var region = [UInt16]()
        region.reserveCapacity(width * height * channels)
        for row in y..<(y + height) {
            let start = (row * self.width + x) * channels
            region.append(contentsOf: samples[start..<(start + width * channels)])
        }
        return Image(
            width: width, height: height, channels: channels, bitDepth: bitDepth, samples: region,
            palette: palette)
    }
}

extension LabelMap {
    /// The `width`×`height` region whose top-left corner is (`x`, `y`); it must lie inside the map.
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> LabelMap {
        precondition(
            x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= self.width
                && y + height <= self.height,
            "crop \(width)x\(height)+\(x)+\(y) leaves the \(self.width)x\(self.height) label map")
        var region = [UInt8]()
        region.reserveCapacity(width * height)
        for row in y..<(y + height) {
            let start = row * self.width + x
            region.append(contentsOf: labels[start..<(start + width)])
        }
        return LabelMap(width: width, height: height, labels: region)
    }
}
