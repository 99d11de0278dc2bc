/// A network building block. Layers are classes (they own parameters and, for batch normalisation,
/// running statistics) and list their parameters and buffers explicitly, in a fixed order that
/// checkpoints rely on. Neither list has a default implementation, so every layer states both.
public protocol Layer: AnyObject {
    /// The trainable parameters of this layer and its sublayers, in a fixed order.
    var parameters: [Parameter] { get }
    /// The non-trainable state of this layer and its sublayers, in a fixed order.
    var buffers: [Buffer] { get }
}

/// A layer that maps one variable to one variable.
public protocol UnaryLayer: Layer {
    /// Applies the layer, recording on `tape`.
    func callAsFunction(_ input: Variable, on tape: Tape) -> Variable
}
