// Element-wise kernels. Each runs one tight loop over contiguous buffers, which the optimiser
// vectorises in release builds; tensors of at least `parallelElements` scalars are split into
// contiguous chunks, one per thread (`ParallelLoop`; every element is computed the same way, so the
// bits do not depend on the split). Binary operations require equal shapes (no broadcasting); the
// per-channel operations take NCHW tensors and one value per channel.

extension Tensor {
    /// The smallest chunk an element-wise pass is split into (below it, thread hand-off costs more
    /// than it saves).
    static let parallelElements = 1 << 15

    /// Precondition that `other` has this tensor's shape, naming the operation.
    @inline(__always)
    func requireSameShape(_ other: Tensor, _ operation: String) {
        precondition(shape == other.shape, "\(operation): shapes differ, \(shape) vs \(other.shape)")
    }

    /// Element-wise `self[i] = body(self[i], other[i])` over equal shapes.
    @inline(__always)
    mutating func formBinary(_ other: Tensor, _ operation: String, _ body: (Float, Float) -> Float) {
        requireSameShape(other, operation)
        other.withUnsafeBufferPointer { source in
            withUnsafeMutableBufferPointer { target in
                guard let src = source.baseAddress, let dst = target.baseAddress else { return }
                ParallelLoop.forEachChunk(target.count, minimumPerChunk: Tensor.parallelElements) { range in
                    for index in range {
                        dst[index] = body(dst[index], src[index])
                    }
                }
            }
        }
    }

    /// A new tensor with `result[i] = body(lhs[i], rhs[i])` over equal shapes, in one pass.
    @inline(__always)
    static func binary(_ lhs: Tensor, _ rhs: Tensor, _ operation: String, _ body: (Float, Float) -> Float)
        -> Tensor
    {
        lhs.requireSameShape(rhs, operation)
        return Tensor.overwriting(shape: lhs.shape) { target in
            lhs.withUnsafeBufferPointer { a in
                rhs.withUnsafeBufferPointer { b in
                    guard let pa = a.baseAddress, let pb = b.baseAddress, let out = target.baseAddress else {
                        return
                    }
                    ParallelLoop.forEachChunk(target.count, minimumPerChunk: Tensor.parallelElements) {
                        range in
                        for index in range {
                            out[index] = body(pa[index], pb[index])
                        }
                    }
                }
            }
        }
    }

    /// A new tensor with `result[i] = body(self[i])`, in one pass.
    @inline(__always)
    func unary(_ body: (Float) -> Float) -> Tensor {
        Tensor.overwriting(shape: shape) { target in
            withUnsafeBufferPointer { source in
                guard let input = source.baseAddress, let out = target.baseAddress else { return }
                ParallelLoop.forEachChunk(target.count, minimumPerChunk: Tensor.parallelElements) { range in
                    for index in range {
                        out[index] = body(input[index])
                    }
                }
            }
        }
    }

    /// Element-wise `self[i] = body(self[i])`.
    @inline(__always)
    mutating func formUnary(_ body: (Float) -> Float) {
        withUnsafeMutableBufferPointer { target in
            guard let dst = target.baseAddress else { return }
            ParallelLoop.forEachChunk(target.count, minimumPerChunk: Tensor.parallelElements) { range in
                for index in range {
                    dst[index] = body(dst[index])
                }
            }
        }
    }

    // MARK: Operators

    /// Element-wise sum of two tensors of equal shape.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary(lhs, rhs, "Tensor +") { $0 + $1 }
    }

    /// Element-wise difference of two tensors of equal shape.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary(lhs, rhs, "Tensor -") { $0 - $1 }
    }

    /// Element-wise (Hadamard) product of two tensors of equal shape.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        binary(lhs, rhs, "Tensor *") { $0 * $1 }
    }

    /// Every scalar multiplied by `rhs`.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        lhs.unary { $0 * rhs }
    }

    /// Every scalar multiplied by `lhs`.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor {
        rhs * lhs
    }

    /// Adds `rhs` element-wise; the shapes must be equal.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        lhs.formBinary(rhs, "Tensor +=") { $0 + $1 }
    }

    /// Subtracts `rhs` element-wise; the shapes must be equal.
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        lhs.formBinary(rhs, "Tensor -=") { $0 - $1 }
    }

    /// Multiplies by `rhs` element-wise; the shapes must be equal.
    public static func *= (lhs: inout Tensor, rhs: Tensor) {
        lhs.formBinary(rhs, "Tensor *=") { $0 * $1 }
    }

    /// Multiplies every scalar by `rhs`.
    public static func *= (lhs: inout Tensor, rhs: Float) {
        lhs.formUnary { $0 * rhs }
    }

    /// Adds `rhs` to every scalar.
    public static func += (lhs: inout Tensor, rhs: Float) {
        lhs.formUnary { $0 + rhs }
    }

    // MARK: Named operations

    /// `self += alpha * x` element-wise (BLAS `axpy`); the shapes must be equal.
    public mutating func addProduct(_ x: Tensor, scaledBy alpha: Float) {
        formBinary(x, "Tensor.addProduct") { $0 + alpha * $1 }
    }

    /// Each scalar clamped to `range`.
    public func clamped(to range: ClosedRange<Float>) -> Tensor {
        let low = range.lowerBound
        let high = range.upperBound
        return unary { Swift.min(Swift.max($0, low), high) }
    }

    /// Each scalar squared.
    public func squared() -> Tensor {
        unary { $0 * $0 }
    }

    /// Each scalar transformed by `transform` (not vectorised unless `transform` inlines).
    public func map(_ transform: (Float) -> Float) -> Tensor {
        unary(transform)
    }

    /// Sets every scalar to `value`, keeping the shape.
    public mutating func fill(with value: Float) {
        formUnary { _ in value }
    }

    // MARK: Per-channel operations (NCHW)

    /// Adds `values[c]` to every scalar of channel `c` of an NCHW tensor (a bias).
    ///
    /// - Precondition: `self` has rank 4 and `values.count == C`.
    public mutating func addChannelwise(_ values: Tensor) {
        let (n, c, h, w) = nchw("Tensor.addChannelwise")
        precondition(values.count == c, "Tensor.addChannelwise: \(values.count) values for \(c) channels")
        let plane = h * w
        values.withUnsafeBufferPointer { bias in
            withUnsafeMutableBufferPointer { target in
                guard let dst = target.baseAddress else { return }
                ParallelLoop.forEachChunk(
                    n * c, minimumPerChunk: Swift.max(1, Tensor.parallelElements / Swift.max(1, plane))
                ) {
                    planes in
                    for planeIndex in planes {
                        let value = bias[planeIndex % c]
                        let row = dst + planeIndex * plane
                        for index in 0..<plane {
                            row[index] += value
                        }
                    }
                }
            }
        }
    }
}
