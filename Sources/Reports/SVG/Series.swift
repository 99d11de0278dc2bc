/// One curve of a line chart: named points drawn in one colour, solid or dashed.
public struct Series: Sendable, Equatable {
    /// One (x, y) sample of a series.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// The legend text.
    public var name: String
    /// Samples in drawing order; non-finite values break the line.
    public var points: [Point]
    public var dashed: Bool
    /// Index into `Palette`.
    public var colorIndex: Int

    public init(name: String, points: [Point], dashed: Bool = false, colorIndex: Int) {
        self.name = name
        self.points = points
        self.dashed = dashed
        self.colorIndex = colorIndex
    }

    /// A series from (x, y) pairs.
    public init(name: String, points: [(Double, Double)], dashed: Bool = false, colorIndex: Int) {
        self.init(
            name: name, points: points.map { Point(x: $0.0, y: $0.1) }, dashed: dashed, colorIndex: colorIndex
        )
    }
}
