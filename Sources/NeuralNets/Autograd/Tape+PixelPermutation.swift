internal import NumericCore

extension Tape {
    /// Rearranges the pixels of every channel plane: `output[n, c, p] = input[n, c, sources[p]]` for a
    /// permutation `sources` of `0..<H·W` (a flip or turn of the image). Shape `[N, C, H, W]` is kept
    /// (so a quarter turn needs a square image). Gradient: the inverse rearrangement.
    public func permutePixels(_ input: Variable, sources: [Int]) -> Variable {
        let (n, c, h, w) = input.value.nchw("Tape.permutePixels")
        let plane = h * w
        precondition(sources.count == plane, "Tape.permutePixels: \(sources.count) sources for \(h)×\(w)")
        let shape = input.shape
        let value = input.value
        let output = Tensor(shape: shape) { out in
            value.withUnsafeBufferPointer { x in
                for base in stride(from: 0, to: n * c * plane, by: plane) {
                    for (target, source) in sources.enumerated() { out[base + target] = x[base + source] }
                }
            }
        }
        return record(output, inputs: [input]) { gradient, _ in
            [
                Tensor(shape: shape) { out in
                    gradient.withUnsafeBufferPointer { g in
                        for base in stride(from: 0, to: n * c * plane, by: plane) {
                            for (target, source) in sources.enumerated() {
                                out[base + source] += g[base + target]
                            }
                        }
                    }
                }
            ]
        }
    }
}
