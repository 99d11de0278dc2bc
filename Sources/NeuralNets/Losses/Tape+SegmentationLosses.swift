public import NumericCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

// The iGTT losses on probabilities (sigmoid outputs), per image and averaged over the batch, and
// the multi-class cross-entropy with an ignore label. Probabilities and targets are `[N, 1, H, W]`
// (any shape whose first axis is the batch works for the binary losses).

extension Tape {
    /// The DMI loss (`DeterminantMutualInformation`), averaged over the batch.
    ///
    /// Gradient per image: `∂/∂p_j = −sign(det)·(n·y_j − Σ y) / (|det| + 0.001)` (sign(0) = 0, as for
    /// PyTorch's `abs`), divided by the batch size.
    ///
    /// - Returns: a scalar of shape `[]`.
    public func dmiLoss(_ probabilities: Variable, targets: Tensor) -> Variable {
        let p = probabilities.value
        precondition(
            p.shape == targets.shape && p.rank >= 1 && p.shape[0] > 0,
            "Tape.dmiLoss: probabilities \(p.shape) and targets \(targets.shape) must match, batch first")
        let batch = p.shape[0]
        let pixels = p.count / batch
        var determinants = [Double]()
        var total = 0.0
        p.withUnsafeBufferPointer { pb in
            targets.withUnsafeBufferPointer { yb in
                for image in 0..<batch {
                    let range = (image * pixels)..<((image + 1) * pixels)
                    let det = DeterminantMutualInformation.determinant(
                        UnsafeBufferPointer(rebasing: pb[range]), UnsafeBufferPointer(rebasing: yb[range]))
                    determinants.append(det)
                    total += -log(abs(det) + DeterminantMutualInformation.offset)
                }
            }
        }
        let loss = Tensor(shape: [], scalars: [Float(total / Double(batch))])
        return record(loss, inputs: [probabilities]) { gradient, _ in
            var result = Tensor(zeros: p.shape)
            result.withUnsafeMutableBufferPointer { out in
                for image in 0..<batch {
                    let det = determinants[image]
                    let sign: Double = det > 0 ? 1 : (det < 0 ? -1 : 0)
                    let scale =
                        -sign / (abs(det) + DeterminantMutualInformation.offset) / Double(batch)
                        * Double(gradient.scalars[0])
                    var sumY = 0.0
                    for index in (image * pixels)..<((image + 1) * pixels) {
                        sumY += Double(targets.scalars[index])
                    }
                    for index in (image * pixels)..<((image + 1) * pixels) {
                        out[index] = Float(scale * (Double(pixels) * Double(targets.scalars[index]) - sumY))
                    }
                }
            }
            return [result]
        }
    }

    /// The soft IoU loss, averaged over the batch: per image
    /// `1 − I / (U + ε)` with `I = Σ p·y` and `U = Σ (p^k + y) − I`.
    ///
    /// `power` k = 1 is the paper's formula (msdb's default); the official code uses k = 2. ε = 1e-10 as
    /// in the official code. Gradient per image: `−(y_j·(U + ε) − I·(k·p_j^(k−1) − y_j)) / (U + ε)²`,
    /// divided by the batch size.
    ///
    /// - Precondition: `power` is 1 or 2.
    /// - Returns: a scalar of shape `[]`.
    public func softIoULoss(
        _ probabilities: Variable, targets: Tensor, power: Int = 1, epsilon: Double = 1e-10
    ) -> Variable {
        let p = probabilities.value
        precondition(
            p.shape == targets.shape && p.rank >= 1 && p.shape[0] > 0,
            "Tape.softIoULoss: probabilities \(p.shape) and targets \(targets.shape) must match, batch first")
        precondition(power == 1 || power == 2, "Tape.softIoULoss: power must be 1 or 2, got \(power)")
        let batch = p.shape[0]
        let pixels = p.count / batch
        var intersections = [Double]()
        var unions = [Double]()
        var total = 0.0
        for image in 0..<batch {
            var intersection = 0.0
            var sum = 0.0
            for index in (image * pixels)..<((image + 1) * pixels) {
                let (pi, yi) = (Double(p.scalars[index]), Double(targets.scalars[index]))
                intersection += pi * yi
                sum += (power == 2 ? pi * pi : pi) + yi
            }
            let union = sum - intersection + epsilon
            intersections.append(intersection)
            unions.append(union)
            total += 1 - intersection / union
        }
        let loss = Tensor(shape: [], scalars: [Float(total / Double(batch))])
        return record(loss, inputs: [probabilities]) { gradient, _ in
            let upstream = Double(gradient.scalars[0]) / Double(batch)
            return [
                Tensor(shape: p.shape) { out in
                    for image in 0..<batch {
                        let (i, u) = (intersections[image], unions[image])
                        for index in (image * pixels)..<((image + 1) * pixels) {
                            let (pi, yi) = (Double(p.scalars[index]), Double(targets.scalars[index]))
                            let dPower = power == 2 ? 2 * pi : 1
                            out[index] = Float(-upstream * (yi * u - i * (dPower - yi)) / (u * u))
                        }
                    }
                }
            ]
        }
    }

    /// Multi-class cross-entropy on logits with an ignore label (PyTorch `CrossEntropyLoss(ignore_index:)`
    /// with mean reduction): `−Σ log softmax(z)[label] / (number of counted pixels)`, 0 when none count.
    ///
    /// - Parameters:
    ///   - logits: `[N, C, H, W]`.
    ///   - labels: `N·H·W` class indices in (n, h, w) order, each in `0..<C` or equal to `ignoreIndex`.
    ///   - ignoreIndex: the label of pixels excluded from the loss.
    /// - Returns: a scalar of shape `[]`. Gradient: `(softmax(z) − onehot(label)) / count` on counted pixels.
    public func crossEntropy(_ logits: Variable, labels: [Int32], ignoreIndex: Int32 = 255) -> Variable {
        let (n, c, h, w) = logits.value.nchw("Tape.crossEntropy")
        let plane = h * w
        precondition(
            labels.count == n * plane, "Tape.crossEntropy: \(labels.count) labels for logits \(logits.shape)")
        let logProbabilities = Activation.logSoftmax(logits.value)
        var total = 0.0
        var counted = 0
        for image in 0..<n {
            for pixel in 0..<plane {
                let label = labels[image * plane + pixel]
                if label == ignoreIndex { continue }
                precondition(
                    (0..<Int32(c)).contains(label),
                    "Tape.crossEntropy: label \(label) at pixel \(image * plane + pixel) outside 0..<\(c) "
                        + "and not the ignore index \(ignoreIndex)")
                total -= Double(logProbabilities.scalars[(image * c + Int(label)) * plane + pixel])
                counted += 1
            }
        }
        let loss = Tensor(shape: [], scalars: [counted > 0 ? Float(total / Double(counted)) : 0])
        return record(loss, inputs: [logits]) { gradient, _ in
            let scale = counted > 0 ? gradient.scalars[0] / Float(counted) : 0
            var result = logProbabilities.map { expf($0) }
            result.withUnsafeMutableBufferPointer { out in
                for image in 0..<n {
                    for pixel in 0..<plane {
                        let label = labels[image * plane + pixel]
                        for channel in 0..<c {
                            let index = (image * c + channel) * plane + pixel
                            if label == ignoreIndex {
                                out[index] = 0
                            } else {
                                out[index] = (out[index] - (Int32(channel) == label ? 1 : 0)) * scale
                            }
                        }
                    }
                }
            }
            return [result]
        }
    }
}
