import Imaging

/// Small deterministic label maps for the generator tests.
enum TestLabels {
    /// A `width × height` mask with a filled disk and a thin bar: foreground well below half.
    static func mask(width: Int = 48, height: Int = 40) -> Mask {
        var mask = Mask(width: width, height: height)
        let centerX = Double(width) * 0.35
        let centerY = Double(height) * 0.5
        let radius = Double(min(width, height)) * 0.25
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x) - centerX
                let dy = Double(y) - centerY
                if dx * dx + dy * dy <= radius * radius || (x > width * 3 / 4 && y % 7 < 2) {
                    mask[x, y] = 1
                }
            }
        }
        return mask
    }

    /// A map with `classes` classes in diagonal bands of unequal width, every class present.
    static func multiClass(width: Int = 40, height: Int = 30, classes: Int = 4) -> LabelMap {
        var labels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                labels[y * width + x] = UInt8(((x + y) * (x + 2 * y + 3) / 97) % classes)
            }
        }
        return LabelMap(width: width, height: height, labels: labels)
    }

    /// How many pixels carry each label value 0...255.
    static func histogram(_ labels: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: 256)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }
}
