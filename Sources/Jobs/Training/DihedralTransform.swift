internal import NumericCore
internal import RandomStreams
internal import Runs

/// One of the eight flips and quarter turns of a square image (four of them for a non-square one):
/// `index = 4·flip + turns`, applied as a horizontal flip (when `flip`) followed by `turns`
/// counter-clockwise quarter turns (NumPy's `rot90`).
struct DihedralTransform: Sendable, Equatable {
    let index: Int

    var flips: Bool { index >= 4 }
    var turns: Int { index % 4 }

    /// The augmentation for one example: uniform over all eight for a square image; over identity,
    /// half turn and the two flips for a non-square one (quarter turns would change its shape).
    /// Consumes one `nextInt(below:)` draw.
    static func draw(square: Bool, from stream: inout RandomStream) -> DihedralTransform {
        square
            ? DihedralTransform(index: stream.nextInt(below: 8))
            : DihedralTransform(index: 2 * stream.nextInt(below: 4))
    }

    /// For every output pixel (row-major), the index of the input pixel it takes.
    func sourceIndices(height h: Int, width w: Int) -> [Int] {
        precondition(turns % 2 == 0 || h == w, "DihedralTransform: a quarter turn of a \(h)×\(w) image")
        var result = [Int]()
        result.reserveCapacity(h * w)
        for y in 0..<h {
            for x in 0..<w {
                // Position in the flipped image.
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
}
