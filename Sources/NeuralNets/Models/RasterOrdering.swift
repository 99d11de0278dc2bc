/// One of the eight raster orderings of a square image used by the AC network: the image is flipped
/// and turned, scanned row by row, and turned back. `index = 4·flip + turns`: a horizontal flip (when
/// `flip`) followed by `turns` counter-clockwise quarter turns (NumPy's `rot90`). Index 0 is the plain
/// raster order. Non-square images allow the four orderings without a quarter turn (indices 0, 2, 4, 6).
public struct RasterOrdering: Sendable, Equatable {
    public let index: Int

    public init(index: Int) {
        precondition((0..<8).contains(index), "RasterOrdering: index \(index) outside 0..<8")
        self.index = index
    }

    /// The plain raster order.
    public static let identity = RasterOrdering(index: 0)

    var flips: Bool { index >= 4 }
    var turns: Int { index % 4 }

    /// Whether the ordering applies to an `h`×`w` image (quarter turns need a square one).
    public func applies(height h: Int, width w: Int) -> Bool { turns % 2 == 0 || h == w }

    /// For every pixel of the transformed image (row-major), the index of the original pixel it takes.
    public func sourceIndices(height h: Int, width w: Int) -> [Int] {
        precondition(applies(height: h, width: w), "RasterOrdering: a quarter turn of a \(h)×\(w) image")
        var result = [Int]()
        result.reserveCapacity(h * w)
        for y in 0..<h {
            for x in 0..<w {
                let (fy, fx): (Int, Int) =
                    switch turns {
                    case 0: (y, x)
                    case 1: (x, w - 1 - y)
                    case 2: (h - 1 - y, w - 1 - x)
                    default: (h - 1 - x, y)
                    }
                result.append(fy * w + (flips ? w - 1 - fx : fx))
            }
        }
        return result
    }

    /// The inverse permutation: for every original pixel, its index in the transformed image.
    public func inverseIndices(height h: Int, width w: Int) -> [Int] {
        let forward = sourceIndices(height: h, width: w)
        var inverse = [Int](repeating: 0, count: forward.count)
        for (target, source) in forward.enumerated() { inverse[source] = target }
        return inverse
    }
}
