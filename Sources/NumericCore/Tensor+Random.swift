public import RandomStreams

extension Tensor {
    /// A tensor whose scalars are drawn in row-major order with
    /// `generator.nextNormal(mean:standardDeviation:)` (two words per scalar).
    public static func normal(
        shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomStream
    ) -> Tensor {
        Tensor.overwriting(shape: shape) { buffer in
            for index in buffer.indices {
                buffer[index] = generator.nextNormal(mean: mean, standardDeviation: standardDeviation)
            }
        }
    }

    /// A tensor whose scalars are drawn in row-major order with `generator.nextFloat(in: range)`
    /// (one word per scalar).
    public static func uniform(shape: [Int], in range: Range<Float>, using generator: inout RandomStream)
        -> Tensor
    {
        Tensor.overwriting(shape: shape) { buffer in
            for index in buffer.indices {
                buffer[index] = generator.nextFloat(in: range)
            }
        }
    }
}
