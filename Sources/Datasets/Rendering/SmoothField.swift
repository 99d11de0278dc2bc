internal import Imaging
internal import RandomStreams

/// A smooth random field: uniform values in `[0, 1)` on a coarse `cells × cells` grid, enlarged
/// bilinearly to the image size. Used for uneven illumination and for displacing class boundaries.
enum SmoothField {
    /// The field for an image of `width × height`; draws `cells²` values from `stream`, row-major.
    static func make(width: Int, height: Int, cells: Int, stream: inout RandomStream) -> Plane {
        precondition(cells >= 2, "a smooth field needs at least 2x2 cells, got \(cells)")
        var values = [Double](repeating: 0, count: cells * cells)
        for index in values.indices { values[index] = stream.nextDouble() }
        return Resize.bilinear(
            Plane(width: cells, height: cells, values: values), width: width, height: height)
    }
}
