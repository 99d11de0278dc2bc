// Reductions. Sums use a fixed, documented order so results are bit-identical from run to run:
// the buffer is cut into blocks of `Reduction.blockLength` scalars; within a block eight Float lanes
// accumulate scalars i ≡ lane (mod 8); the lanes are then added in lane order into a Double running
// total, block after block. This keeps Float rounding error per block small while the loop vectorises.

/// Summation kernels over raw buffers, shared by the tensor reductions and the convolution kernels.
enum Reduction {
    /// Scalars per Float-accumulated block.
    static let blockLength = 1024

    /// The sum of `count` scalars starting at `base`, in the documented order.
    static func sum(_ base: UnsafePointer<Float>, count: Int) -> Double {
        var total = 0.0
        var start = 0
        while start < count {
            let end = Swift.min(start + blockLength, count)
            var lanes = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                lanes += UnsafeRawPointer(base + index).loadUnaligned(as: SIMD8<Float>.self)
                index += 8
            }
            while index < end {
                lanes[index & 7] += base[index]
                index += 1
            }
            for lane in 0..<8 {
                total += Double(lanes[lane])
            }
            start = end
        }
        return total
    }

    /// The sum of `a[i] * b[i]` over `count` scalars, in the same order as `sum`.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var total = 0.0
        var start = 0
        while start < count {
            let end = Swift.min(start + blockLength, count)
            var lanes = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
                let y = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
                lanes += x * y
                index += 8
            }
            while index < end {
                lanes[index & 7] += a[index] * b[index]
                index += 1
            }
            for lane in 0..<8 {
                total += Double(lanes[lane])
            }
            start = end
        }
        return total
    }
}

extension Reduction {
    /// `Σ (a[i] − center)²` over `count` scalars, in the same order as `sum` (the second pass of a
    /// two-pass variance).
    static func sumOfSquaredDeviations(_ a: UnsafePointer<Float>, count: Int, center: Float) -> Double {
        var total = 0.0
        var start = 0
        let centers = SIMD8<Float>(repeating: center)
        while start < count {
            let end = Swift.min(start + blockLength, count)
            var lanes = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self) - centers
                lanes += x * x
                index += 8
            }
            while index < end {
                let x = a[index] - center
                lanes[index & 7] += x * x
                index += 1
            }
            for lane in 0..<8 {
                total += Double(lanes[lane])
            }
            start = end
        }
        return total
    }

    /// `Σ a[i] · (b[i] − center)` over `count` scalars, in the same order as `sum`.
    static func dotCentered(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, center: Float
    ) -> Double {
        var total = 0.0
        var start = 0
        let centers = SIMD8<Float>(repeating: center)
        while start < count {
            let end = Swift.min(start + blockLength, count)
            var lanes = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                let x = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
                let y = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self) - centers
                lanes += x * y
                index += 8
            }
            while index < end {
                lanes[index & 7] += a[index] * (b[index] - center)
                index += 1
            }
            for lane in 0..<8 {
                total += Double(lanes[lane])
            }
            start = end
        }
        return total
    }
}

extension Tensor {
    /// The sum of all scalars, accumulated as documented at the top of this file.
    public func sum() -> Double {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return Reduction.sum(base, count: buffer.count)
        }
    }

    /// The arithmetic mean of all scalars; a precondition requires at least one scalar.
    public func mean() -> Double {
        precondition(count > 0, "Tensor.mean: empty tensor of shape \(shape)")
        return sum() / Double(count)
    }

    /// The sum of squares of all scalars.
    public func sumOfSquares() -> Double {
        dot(self)
    }

    /// The sum of `self[i] * other[i]`; the shapes must be equal.
    public func dot(_ other: Tensor) -> Double {
        requireSameShape(other, "Tensor.dot")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
                return Reduction.dot(pa, pb, count: a.count)
            }
        }
    }

    /// The largest scalar; a precondition requires at least one scalar. NaN scalars are skipped.
    public func max() -> Float {
        precondition(count > 0, "Tensor.max: empty tensor of shape \(shape)")
        return withUnsafeBufferPointer { buffer in
            var best = -Float.infinity
            for value in buffer where value > best {
                best = value
            }
            return best
        }
    }

    /// The smallest scalar; a precondition requires at least one scalar. NaN scalars are skipped.
    public func min() -> Float {
        precondition(count > 0, "Tensor.min: empty tensor of shape \(shape)")
        return withUnsafeBufferPointer { buffer in
            var best = Float.infinity
            for value in buffer where value < best {
                best = value
            }
            return best
        }
    }

    /// The largest absolute difference to `other` (same shape); handy for comparisons in tests.
    public func maxAbsoluteDifference(_ other: Tensor) -> Float {
        requireSameShape(other, "Tensor.maxAbsoluteDifference")
        var worst: Float = 0
        for (x, y) in zip(scalars, other.scalars) {
            worst = Swift.max(worst, abs(x - y))
        }
        return worst
    }

    /// Per-channel sums of an NCHW tensor `[N, C, H, W]`, returned as a tensor of shape `[C]`
    /// (the bias gradient of a convolution). Each channel adds its planes image by image, whichever
    /// thread takes it, so the channels split over the threads without changing a bit.
    public func sumPerChannel() -> Tensor {
        let (n, c, h, w) = nchw("Tensor.sumPerChannel")
        let plane = h * w
        return Tensor.overwriting(shape: [c]) { totals in
            withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else {
                    totals.initialize(repeating: 0)
                    return
                }
                ParallelLoop.forEachChunk(
                    c, minimumPerChunk: Swift.max(1, Tensor.parallelElements / Swift.max(1, n * plane))
                ) {
                    channels in
                    for channel in channels {
                        var total: Double = 0
                        for image in 0..<n {
                            total += Reduction.sum(base + (image * c + channel) * plane, count: plane)
                        }
                        totals[channel] = Float(total)
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// The index of the largest channel at every pixel of an NCHW tensor, `N·H·W` values in (n, h, w)
    /// order (ties go to the lowest channel, NaN is never chosen over a number).
    public func argmaxChannels() -> [Int32] {
        let (n, c, h, w) = nchw("Tensor.argmaxChannels")
        precondition(c >= 1 && c <= Int(Int32.max), "Tensor.argmaxChannels: channel count \(c) out of range")
        let plane = h * w
        var result = [Int32](repeating: 0, count: n * plane)
        withUnsafeBufferPointer { buffer in
            for image in 0..<n {
                for pixel in 0..<plane {
                    var best = buffer[image * c * plane + pixel]
                    var bestChannel: Int32 = 0
                    for channel in 1..<c {
                        let value = buffer[(image * c + channel) * plane + pixel]
                        if value > best || (best.isNaN && !value.isNaN) {
                            best = value
                            bestChannel = Int32(channel)
                        }
                    }
                    result[image * plane + pixel] = bestChannel
                }
            }
        }
        return result
    }
}
