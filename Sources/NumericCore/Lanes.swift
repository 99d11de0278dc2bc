/// Eight-wide loads and stores for the hand-vectorised kernels (batch norm, im2col/col2im).
///
/// The optimiser does not vectorise loops whose loads are conditional (`y > 0 ? g : 0`) or whose
/// pointers may alias, so these kernels spell out `SIMD8<Float>` arithmetic: lane `i` of every
/// operation computes exactly what the scalar expression computes for element `i` (no fused
/// multiply-add, no reassociation), so the results equal the scalar loops' bit for bit.
enum Lanes {
    typealias Vector = SIMD8<Float>

    /// The number of floats per vector.
    static let width = 8

    @inline(__always)
    static func load(_ base: UnsafePointer<Float>, _ index: Int) -> Vector {
        UnsafeRawPointer(base + index).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func load(_ base: UnsafeMutablePointer<Float>, _ index: Int) -> Vector {
        UnsafeRawPointer(base + index).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ base: UnsafeMutablePointer<Float>, _ index: Int) {
        UnsafeMutableRawPointer(base + index).storeBytes(of: value, as: Vector.self)
    }

    /// `gradient` where `output > 0`, else 0 (a ReLU's backward mask; NaN outputs give 0).
    @inline(__always)
    static func reluMask(_ gradient: Vector, output: Vector) -> Vector {
        Vector(repeating: 0).replacing(with: gradient, where: output .> 0)
    }

    /// `destination[i] += source[i]` for `i` in `0..<count`.
    @inline(__always)
    static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int)
    {
        var index = 0
        while index + width <= count {
            store(load(destination, index) + load(source, index), destination, index)
            index += width
        }
        while index < count {
            destination[index] += source[index]
            index += 1
        }
    }

    /// `row[i] += shift` for every element.
    @inline(__always)
    static func add(_ row: UnsafeMutableBufferPointer<Float>, adding shift: Float) {
        transform(row) {
            $0 + Vector(repeating: shift)
        } scalar: {
            $0 + shift
        }
    }

    /// `row[i] = row[i] < 0 ? 0 : row[i]` (`Activation.relu`: NaN stays NaN).
    @inline(__always)
    static func clamp(_ row: UnsafeMutableBufferPointer<Float>) {
        transform(row) {
            $0.replacing(with: 0, where: $0 .< 0)
        } scalar: {
            $0 < 0 ? 0 : $0
        }
    }

    /// `row[i] += shift`, then clamped as `clamp` does.
    @inline(__always)
    static func addThenClamp(_ row: UnsafeMutableBufferPointer<Float>, adding shift: Float) {
        transform(row) { value in
            let sum = value + Vector(repeating: shift)
            return sum.replacing(with: 0, where: sum .< 0)
        } scalar: { value in
            let sum = value + shift
            return sum < 0 ? 0 : sum
        }
    }

    /// Replaces every element by `vector` of its lane group, the tail by `scalar`.
    @inline(__always)
    private static func transform(
        _ row: UnsafeMutableBufferPointer<Float>, vector: (Vector) -> Vector, scalar: (Float) -> Float
    ) {
        guard let base = row.baseAddress else { return }
        var index = 0
        while index + width <= row.count {
            store(vector(load(base, index)), base, index)
            index += width
        }
        while index < row.count {
            base[index] = scalar(base[index])
            index += 1
        }
    }
}
