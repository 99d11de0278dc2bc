/// A dense, contiguous, row-major array of `Float` scalars with a shape.
///
/// Image-like tensors use the NCHW layout: shape `[N, C, H, W]` (batch, channel, height, width), the
/// element `(n, c, h, w)` at offset `((n * C + c) * H + h) * W + w`. Every kernel in this module states
/// the shapes it accepts and the shape it returns.
///
/// `Tensor` is a value type. Its scalars live in a Swift `Array`, which gives copy-on-write: copies are
/// cheap until one of them is mutated, and a tensor can be sent across concurrency domains.
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first. Every extent is non-negative.
    public private(set) var shape: [Int]

    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)` always holds.
    public private(set) var scalars: [Float]

    /// Creates a tensor from a shape and its scalars in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        let count = Tensor.elementCount(of: shape)
        precondition(
            scalars.count == count,
            "Tensor: shape \(shape) needs \(count) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of the given shape with every scalar equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.shape = shape
        self.scalars = [Float](repeating: value, count: Tensor.elementCount(of: shape))
    }

    /// Creates a tensor of the given shape filled with zeros.
    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    /// Creates a tensor of the given shape whose scalars are written by `body`, which receives an
    /// uninitialised-then-zeroed buffer of `shape.reduce(1, *)` elements.
    public init(shape: [Int], initializingWith body: (inout UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = Tensor.elementCount(of: shape)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            buffer.initialize(repeating: 0)
            body(&buffer)
            initializedCount = count
        }
    }

    /// Creates a tensor whose every scalar `body` must write: the buffer starts uninitialised (for
    /// kernels that overwrite their whole output, this saves the zeroing pass). `Float` is a trivial
    /// type, so plain assignment initialises an element.
    static func overwriting(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = Tensor.elementCount(of: shape)
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            body(buffer)
            initializedCount = count
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The number of scalars.
    public var count: Int { scalars.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The same scalars viewed with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let newCount = Tensor.elementCount(of: newShape)
        precondition(
            newCount == count,
            "Tensor.reshaped: cannot view shape \(shape) (\(count) scalars) as \(newShape) (\(newCount))")
        var result = self
        result.shape = newShape
        return result
    }

    /// Calls `body` with the scalars as a read-only buffer.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the scalars as a mutable buffer (copying them first if they are shared).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { buffer in try body(buffer) }
    }

    /// Validates a shape and returns its element count.
    static func elementCount(of shape: [Int]) -> Int {
        var count = 1
        for extent in shape {
            precondition(extent >= 0, "Tensor: negative extent in shape \(shape)")
            count *= extent
        }
        return count
    }
}

// MARK: - NCHW access

extension Tensor {
    /// The four extents `(N, C, H, W)` of a rank-4 tensor; a precondition names `operation` otherwise.
    public func nchw(_ operation: String = "Tensor.nchw") -> (n: Int, c: Int, h: Int, w: Int) {
        precondition(shape.count == 4, "\(operation): expected an NCHW tensor of rank 4, got shape \(shape)")
        return (shape[0], shape[1], shape[2], shape[3])
    }

    /// The scalar at `(n, c, h, w)` of a rank-4 NCHW tensor.
    public subscript(n: Int, c: Int, h: Int, w: Int) -> Float {
        get { scalars[offset(n, c, h, w)] }
        set { scalars[offset(n, c, h, w)] = newValue }
    }

    /// The scalar at a multi-dimensional index of any rank.
    public subscript(index index: [Int]) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    private func offset(_ n: Int, _ c: Int, _ h: Int, _ w: Int) -> Int {
        let (sn, sc, sh, sw) = nchw("Tensor[n, c, h, w]")
        precondition(
            (0..<sn).contains(n) && (0..<sc).contains(c) && (0..<sh).contains(h) && (0..<sw).contains(w),
            "Tensor[n, c, h, w]: index (\(n), \(c), \(h), \(w)) out of bounds for shape \(shape)")
        return ((n * sc + c) * sh + h) * sw + w
    }

    private func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor[index:]: index \(index) for shape \(shape)")
        var offset = 0
        for (position, extent) in zip(index, shape) {
            precondition((0..<extent).contains(position), "Tensor[index:]: index \(index) for shape \(shape)")
            offset = offset * extent + position
        }
        return offset
    }
}

// MARK: - Description

extension Tensor: CustomStringConvertible {
    /// The shape and, for small tensors, the scalars.
    public var description: String {
        let shown = count <= 32 ? "\(scalars)" : "[\(count) scalars]"
        return "Tensor(shape: \(shape), scalars: \(shown))"
    }
}
