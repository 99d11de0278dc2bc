/// Parameter initialisation of the official Meta-Structures code (`weights_init`): convolution
/// weights `N(0, 0.02)`, biases 0, batch-norm weights `N(1, 0.02)`, batch-norm biases 0.
public struct Initialization: Sendable, Equatable {
    /// Standard deviation of convolution and transposed-convolution weights (mean 0).
    public var convolutionStandardDeviation: Float
    /// Standard deviation of batch-norm weights (mean 1).
    public var batchNormStandardDeviation: Float

    /// Creates an initialisation scheme.
    public init(convolutionStandardDeviation: Float, batchNormStandardDeviation: Float) {
        self.convolutionStandardDeviation = convolutionStandardDeviation
        self.batchNormStandardDeviation = batchNormStandardDeviation
    }

    /// The official code's scheme: 0.02 for both.
    public static let official = Initialization(
        convolutionStandardDeviation: 0.02, batchNormStandardDeviation: 0.02)
}
