/// One-pixel-wide skeletons by Zhang–Suen thinning, pixel for pixel as scikit-image's
/// `skimage.morphology.skeletonize` (2-D, `method="zhang"`, the default).
extension Mask {
    /// The skeleton of the foreground.
    ///
    /// The image is surrounded by background. Each iteration has two sub-iterations; in each, every
    /// foreground pixel is classified from the 8 neighbours it had when the sub-iteration started
    /// and, if removable in that sub-iteration, cleared; the two are repeated until an iteration
    /// removes nothing. Which neighbourhoods are removable is scikit-image's own table, not the
    /// textbook Zhang–Suen conditions: it differs from them in 25 of the 256 neighbourhoods (it
    /// removes the corner of an "L", for example, and it is not rotation-symmetric), and those
    /// differences change skeletons. The tables below restate it as two sets of neighbourhood codes.
    public func skeletonized() -> Mask {
        let paddedWidth = width + 2
        let paddedHeight = height + 2
        var current = [UInt8](repeating: 0, count: paddedWidth * paddedHeight)
        for y in 0..<height {
            for x in 0..<width {
                current[(y + 1) * paddedWidth + x + 1] = pixels[y * width + x]
            }
        }
        var next = current
        var removedAny = true
        while removedAny {
            removedAny = false
            for removable in [SkeletonTables.first, SkeletonTables.second] {
                for y in 1...height {
                    for x in 1...width {
                        let index = y * paddedWidth + x
                        guard current[index] != 0 else { continue }
                        let code = neighbourhoodCode(current, index: index, stride: paddedWidth)
                        if removable[code] {
                            next[index] = 0
                            removedAny = true
                        }
                    }
                }
                current = next
            }
        }
        var out = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                out[y * width + x] = current[(y + 1) * paddedWidth + x + 1]
            }
        }
        return Mask(width: width, height: height, pixels: out)
    }

    /// The 8 neighbours as bits, clockwise from the north-west: NW 1, N 2, NE 4, E 8, SE 16, S 32,
    /// SW 64, W 128.
    private func neighbourhoodCode(_ grid: [UInt8], index: Int, stride: Int) -> Int {
        let north = index - stride
        let south = index + stride
        var code = Int(grid[north - 1])
        code |= Int(grid[north]) << 1
        code |= Int(grid[north + 1]) << 2
        code |= Int(grid[index + 1]) << 3
        code |= Int(grid[south + 1]) << 4
        code |= Int(grid[south]) << 5
        code |= Int(grid[south - 1]) << 6
        code |= Int(grid[index - 1]) << 7
        return code
    }
}

/// scikit-image's Zhang–Suen removal table, as the neighbourhood codes (see `neighbourhoodCode`)
/// removable in the first and in the second sub-iteration.
private enum SkeletonTables {
    static let first = table([
        3, 6, 7, 10, 11, 12, 14, 15, 28, 30, 31, 40, 60, 112, 120, 124, 130, 131, 134, 135, 143, 159, 160,
        161, 193, 194, 195, 198, 199, 207, 225, 227, 231, 240, 241, 243,
    ])
    static let second = table([
        7, 10, 15, 24, 26, 28, 30, 31, 40, 56, 60, 62, 63, 96, 104, 108, 112, 120, 124, 126, 130, 135, 160,
        176, 192, 193, 195, 199, 224, 225, 240, 241, 248, 249, 252,
    ])

    private static func table(_ codes: [Int]) -> [Bool] {
        var removable = [Bool](repeating: false, count: 256)
        for code in codes { removable[code] = true }
        return removable
    }
}
