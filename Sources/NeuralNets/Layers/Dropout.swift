internal import NumericCore
internal import RandomStreams

extension Tape {
    /// Inverted dropout (PyTorch `Dropout(p)`): on a training tape each element is kept when
    /// `random.nextDouble() ≥ p` (one draw per element, row-major) and scaled by `1 / (1 − p)`, else set
    /// to 0; on an evaluation tape, or for `p = 0`, the input passes through unchanged and nothing is
    /// drawn. Any shape.
    ///
    /// - Precondition: `0 ≤ p < 1`; a training tape with `p > 0` has a `random` stream.
    public func dropout(_ input: Variable, probability p: Double) -> Variable {
        precondition((0..<1).contains(p), "Tape.dropout: probability must be in [0, 1), got \(p)")
        guard isTraining && p > 0 else { return input }
        precondition(random != nil, "Tape.dropout: a training tape needs a random stream for dropout")
        let scale = Float(1 / (1 - p))
        var mask = Tensor(zeros: input.shape)
        mask.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index] = (random?.nextDouble() ?? 0) >= p ? scale : 0
            }
        }
        return record(input.value * mask, inputs: [input]) { gradient, _ in [gradient * mask] }
    }
}

/// Dropout as a layer: `Tape.dropout(_:probability:)` with a fixed probability. No parameters.
public final class Dropout: UnaryLayer {
    /// The probability of zeroing an element during training.
    public let probability: Double

    /// Creates the layer.
    public init(probability: Double) {
        precondition(
            (0..<1).contains(probability), "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
    }

    public var parameters: [Parameter] { [] }

    public var buffers: [Buffer] { [] }

    public func callAsFunction(_ input: Variable, on tape: Tape) -> Variable {
        tape.dropout(input, probability: probability)
    }
}
