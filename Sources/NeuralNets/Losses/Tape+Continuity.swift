internal import NumericCore

extension Tape {
    /// DFC's spatial-continuity loss (Kim, Kanezaki, Tanaka 2020): the mean absolute difference between
    /// vertically adjacent responses plus the mean absolute difference between horizontally adjacent
    /// ones, as PyTorch's `L1Loss` against zero computes each (means over `N·C·(H−1)·W` and
    /// `N·C·H·(W−1)` elements; a term with no elements is 0).
    ///
    /// Gradient: for each difference `d = x[b] − x[a]`, `sign(d) / count` flows to `x[b]` and its
    /// negative to `x[a]` (sign(0) = 0, as PyTorch's `abs`).
    ///
    /// - Parameter response: `[N, C, H, W]`.
    /// - Returns: a scalar of shape `[]`.
    public func continuityLoss(_ response: Variable) -> Variable {
        let (n, c, h, w) = response.value.nchw("Tape.continuityLoss")
        let x = response.value
        let verticalCount = n * c * (h - 1) * w
        let horizontalCount = n * c * h * (w - 1)
        var vertical = 0.0
        var horizontal = 0.0
        x.withUnsafeBufferPointer { values in
            for plane in 0..<(n * c) {
                let base = plane * h * w
                for row in 0..<h {
                    for column in 0..<w {
                        let index = base + row * w + column
                        if row + 1 < h {
                            vertical += Double(abs(values[index + w] - values[index]))
                        }
                        if column + 1 < w {
                            horizontal += Double(abs(values[index + 1] - values[index]))
                        }
                    }
                }
            }
        }
        let loss =
            (verticalCount > 0 ? vertical / Double(verticalCount) : 0)
            + (horizontalCount > 0 ? horizontal / Double(horizontalCount) : 0)
        return record(Tensor(shape: [], scalars: [Float(loss)]), inputs: [response]) { gradient, _ in
            let upstream = gradient.scalars[0]
            let verticalScale = verticalCount > 0 ? upstream / Float(verticalCount) : 0
            let horizontalScale = horizontalCount > 0 ? upstream / Float(horizontalCount) : 0
            var result = Tensor(zeros: x.shape)
            result.withUnsafeMutableBufferPointer { out in
                x.withUnsafeBufferPointer { values in
                    for plane in 0..<(n * c) {
                        let base = plane * h * w
                        for row in 0..<h {
                            for column in 0..<w {
                                let index = base + row * w + column
                                if row + 1 < h {
                                    let step = verticalScale * sign(values[index + w] - values[index])
                                    out[index + w] += step
                                    out[index] -= step
                                }
                                if column + 1 < w {
                                    let step = horizontalScale * sign(values[index + 1] - values[index])
                                    out[index + 1] += step
                                    out[index] -= step
                                }
                            }
                        }
                    }
                }
            }
            return [result]
        }
    }

    /// `input · factor` (any shape).
    public func scale(_ input: Variable, by factor: Float) -> Variable {
        record(input.value * factor, inputs: [input]) { gradient, _ in [gradient * factor] }
    }
}

/// −1, 0 or 1.
private func sign(_ value: Float) -> Float {
    value > 0 ? 1 : (value < 0 ? -1 : 0)
}
