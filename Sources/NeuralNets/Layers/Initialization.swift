internal import NumericCore
internal import RandomStreams

/// How layers draw their initial parameters. Draws happen in the layer's constructor, weight before
/// bias, in row-major order, from the generator the layer is given.
///
/// - `official`: the Meta-Structures code's `init_weights` (`normal`, gain 0.02): convolution and
///   transposed-convolution weights `N(0, 0.02)`, biases 0, batch-norm weights `N(1, 0.02)`, batch-norm
///   biases 0.
/// - `pyTorchDefault`: what PyTorch layers do on construction (used by code that never re-initialises,
///   such as the DFC reference implementation): weights and biases `U(−1/√fanIn, 1/√fanIn)` (Kaiming
///   uniform with a = √5), batch-norm weights 1 and biases 0. `fanIn` is `weight.shape[1] · kh · kw`
///   as PyTorch computes it, which for a transposed convolution is its output channel count times 4.
public struct Initialization: Sendable, Equatable {
    enum Scheme: Equatable {
        case normal(convolution: Float, batchNorm: Float)
        case pyTorchDefault
    }

    let scheme: Scheme

    /// Normal initialisation with the given standard deviations (means 0 for convolutions, 1 for
    /// batch-norm weights; biases 0).
    public static func normal(convolutionStandardDeviation: Float, batchNormStandardDeviation: Float)
        -> Initialization
    {
        Initialization(
            scheme: .normal(convolution: convolutionStandardDeviation, batchNorm: batchNormStandardDeviation))
    }

    /// The official code's scheme: `normal` with 0.02 for both.
    public static let official = Initialization.normal(
        convolutionStandardDeviation: 0.02, batchNormStandardDeviation: 0.02)

    /// PyTorch's construction-time defaults.
    public static let pyTorchDefault = Initialization(scheme: .pyTorchDefault)

    /// A convolution or transposed-convolution weight of `shape` (`[A, B, kh, kw]`, fan-in `B·kh·kw`).
    func convolutionWeight(shape: [Int], generator: inout RandomStream) -> Tensor {
        precondition(shape.count == 4, "Initialization: convolution weight shape \(shape) is not rank 4")
        switch scheme {
        case .normal(let deviation, _):
            return Tensor.normal(shape: shape, standardDeviation: deviation, using: &generator)
        case .pyTorchDefault:
            let bound = 1 / Float(shape[1] * shape[2] * shape[3]).squareRoot()
            return Tensor.uniform(shape: shape, in: -bound..<bound, using: &generator)
        }
    }

    /// A bias of `count` elements for a convolution whose weight has `weightShape`.
    func convolutionBias(count: Int, weightShape: [Int], generator: inout RandomStream) -> Tensor {
        switch scheme {
        case .normal:
            return Tensor(zeros: [count])
        case .pyTorchDefault:
            let bound = 1 / Float(weightShape[1] * weightShape[2] * weightShape[3]).squareRoot()
            return Tensor.uniform(shape: [count], in: -bound..<bound, using: &generator)
        }
    }

    /// A batch-norm weight (gamma) of `count` elements.
    func batchNormWeight(count: Int, generator: inout RandomStream) -> Tensor {
        switch scheme {
        case .normal(_, let deviation):
            return Tensor.normal(shape: [count], mean: 1, standardDeviation: deviation, using: &generator)
        case .pyTorchDefault:
            return Tensor(repeating: 1, shape: [count])
        }
    }
}
