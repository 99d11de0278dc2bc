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
}
