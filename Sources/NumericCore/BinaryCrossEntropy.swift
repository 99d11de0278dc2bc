internal import Foundation

/// The per-element terms of binary cross-entropy on logits, for the loss on a tape to sum.
public enum BinaryCrossEntropy {
    /// `w · (max(z, 0) − z·t + log(1 + e^(−|z|)))` per element, in Double (0 where `w` is 0), the
    /// elements split over the threads.
    public static func weightedTerms(logits: Tensor, targets: Tensor, weights: Tensor) -> [Double] {
        [Double](unsafeUninitializedCapacity: logits.count) { buffer, initialized in
            logits.withUnsafeBufferPointer { z in
                targets.withUnsafeBufferPointer { t in
                    weights.withUnsafeBufferPointer { w in
                        ParallelLoop.forEachChunk(logits.count, minimumPerChunk: 1 << 13) { range in
                            for index in range {
                                guard w[index] != 0 else {
                                    buffer[index] = 0
                                    continue
                                }
                                let logit = Double(z[index])
                                let target = Double(t[index])
                                let term = Swift.max(logit, 0) - logit * target + log1p(exp(-abs(logit)))
                                buffer[index] = Double(w[index]) * term
                            }
                        }
                    }
                }
            }
            initialized = logits.count
        }
    }
}
