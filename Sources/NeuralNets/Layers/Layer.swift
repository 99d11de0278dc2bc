/// A network building block. Layers are classes (they own parameters and, for batch normalisation,
/// running statistics) and list their parameters explicitly, in a fixed order that checkpoints rely on.
public protocol Layer: AnyObject {
    /// The trainable parameters of this layer and its sublayers, in a fixed order.
    var parameters: [Parameter] { get }
}

/// A layer that maps one variable to one variable.
public protocol UnaryLayer: Layer {
    /// Applies the layer, recording on `tape`.
    func callAsFunction(_ input: Variable, on tape: Tape) -> Variable
}
