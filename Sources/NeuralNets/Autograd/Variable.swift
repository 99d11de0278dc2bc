public import NumericCore

/// A value computed on a `Tape`: its tensor and its node in the tape's graph.
///
/// A variable keeps its tape alive, so that using it with another tape is always caught (comparing
/// object identifiers alone would not be: a freed tape's address can be reused by a new one).
public struct Variable {
    /// The forward value.
    public let value: Tensor
    /// The index of the node on the tape that produced it.
    let node: Int
    /// The tape that produced it.
    let tape: Tape

    /// The shape of the forward value.
    public var shape: [Int] { value.shape }
}
