/// A single-channel grid of real values: blurred images, KDE maps, scores.
///
/// Layout: `values` holds `height` rows of `width` values, top row first (row-major); the value at
/// column `x`, row `y` is `values[y * width + x]`.
public struct Plane: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var values: [Double]

    public init(width: Int, height: Int, values: [Double]) {
        precondition(width > 0 && height > 0, "plane size must be positive, got \(width)x\(height)")
        precondition(
            values.count == width * height,
            "\(width)x\(height) plane needs \(width * height) values, got \(values.count)")
        self.width = width
        self.height = height
        self.values = values
    }

    /// A plane of one repeated value.
    public init(width: Int, height: Int, repeating value: Double) {
        self.init(width: width, height: height, values: [Double](repeating: value, count: width * height))
    }

    /// The value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Double {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }
}
