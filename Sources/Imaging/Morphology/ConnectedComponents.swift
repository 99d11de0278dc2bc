/// Connected components of a mask's foreground.
///
/// Layout: `labels` is row-major like the mask; 0 is background and components are numbered
/// 1...`count` in the raster order of their first pixel (top row first, left to right), as
/// scikit-image's `measure.label` numbers them.
public struct ConnectedComponents: Sendable, Equatable {
    /// Which neighbours connect: the 4 edge neighbours or all 8.
    public enum Connectivity: Int, Sendable {
        case four = 4
        case eight = 8
    }

    public let width: Int
    public let height: Int
    public let labels: [Int32]
    public let count: Int

    /// Labels the foreground of `mask` by flood fill.
    public init(_ mask: Mask, connectivity: Connectivity) {
        let width = mask.width
        let height = mask.height
        var labels = [Int32](repeating: 0, count: mask.pixels.count)
        var count: Int32 = 0
        var stack: [Int] = []
        let offsets: [(Int, Int)] =
            connectivity == .four
            ? [(0, -1), (-1, 0), (1, 0), (0, 1)]
            : [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
        for start in 0..<mask.pixels.count where mask.pixels[start] != 0 && labels[start] == 0 {
            count += 1
            labels[start] = count
            stack.append(start)
            while let index = stack.popLast() {
                let x = index % width
                let y = index / width
                for (dx, dy) in offsets {
                    let nx = x + dx
                    let ny = y + dy
                    guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                    let neighbour = ny * width + nx
                    if mask.pixels[neighbour] != 0 && labels[neighbour] == 0 {
                        labels[neighbour] = count
                        stack.append(neighbour)
                    }
                }
            }
        }
        self.width = width
        self.height = height
        self.labels = labels
        self.count = Int(count)
    }

    /// The number of pixels in each component, indexed by label - 1.
    public var sizes: [Int] {
        var sizes = [Int](repeating: 0, count: count)
        for label in labels where label > 0 { sizes[Int(label) - 1] += 1 }
        return sizes
    }
}
