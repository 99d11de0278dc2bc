/// Concatenation of tensors along the channel axis (U-Net skip connections) or the batch axis
/// (assembling mini-batches).
///
/// Channels: inputs `[N, C_k, H, W]` with equal `N, H, W` → output `[N, Σ C_k, H, W]`, the channels of
/// input 0 first. Batch: inputs `[N_k, …]` with equal trailing extents → `[Σ N_k, …]`.
public enum Concatenation {
    /// The inputs stacked along the first axis, input 0 first.
    public static func batch(_ inputs: [Tensor]) -> Tensor {
        precondition(!inputs.isEmpty, "Concatenation.batch: no inputs")
        let trailing = Array(inputs[0].shape.dropFirst())
        precondition(
            inputs.allSatisfy { $0.rank >= 1 && Array($0.shape.dropFirst()) == trailing },
            "Concatenation.batch: shapes \(inputs.map(\.shape)) differ after the first axis")
        var scalars = [Float]()
        scalars.reserveCapacity(inputs.reduce(0) { $0 + $1.count })
        for input in inputs {
            scalars.append(contentsOf: input.scalars)
        }
        return Tensor(shape: [inputs.reduce(0) { $0 + $1.shape[0] }] + trailing, scalars: scalars)
    }

    /// The inputs joined along channels.
    public static func channels(_ inputs: [Tensor]) -> Tensor {
        precondition(!inputs.isEmpty, "Concatenation.channels: no inputs")
        let (n, _, h, w) = inputs[0].nchw("Concatenation.channels")
        for input in inputs {
            let (ni, _, hi, wi) = input.nchw("Concatenation.channels")
            precondition(
                ni == n && hi == h && wi == w,
                "Concatenation.channels: shapes \(inputs.map(\.shape)) differ outside the channel axis")
        }
        let total = inputs.reduce(0) { $0 + $1.shape[1] }
        let plane = h * w
        return Tensor.overwriting(shape: [n, total, h, w]) { out in
            guard let target = out.baseAddress else { return }
            // Images are independent: each is assembled by one thread.
            ParallelLoop.forEachChunk(n, minimumPerChunk: max(1, Tensor.parallelElements / (total * plane))) {
                images in
                for image in images {
                    var offset = image * total * plane
                    for input in inputs {
                        let block = input.shape[1] * plane
                        input.withUnsafeBufferPointer { source in
                            guard let base = source.baseAddress else { return }
                            (target + offset).update(from: base + image * block, count: block)
                        }
                        offset += block
                    }
                }
            }
        }
    }

    /// Splits `gradOutput` (`[N, Σ C_k, H, W]`) back into tensors of `channelCounts[k]` channels each
    /// (the backward of `channels`).
    public static func split(_ gradOutput: Tensor, channelCounts: [Int]) -> [Tensor] {
        let (n, c, h, w) = gradOutput.nchw("Concatenation.split")
        precondition(
            channelCounts.reduce(0, +) == c && channelCounts.allSatisfy { $0 >= 0 },
            "Concatenation.split: channel counts \(channelCounts) do not sum to \(c)")
        let plane = h * w
        var first = 0
        return channelCounts.map { count in
            let offset = first
            first += count
            // Each image's block of channels is copied alone, so images split over the threads.
            return Tensor.overwriting(shape: [n, count, h, w]) { part in
                gradOutput.withUnsafeBufferPointer { source in
                    guard let source = source.baseAddress, let target = part.baseAddress else { return }
                    ParallelLoop.forEachChunk(
                        n, minimumPerChunk: max(1, Tensor.parallelElements / max(1, count * plane))
                    ) { images in
                        for image in images {
                            (target + image * count * plane).update(
                                from: source + (image * c + offset) * plane, count: count * plane)
                        }
                    }
                }
            }
        }
    }
}
