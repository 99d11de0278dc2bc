internal import Imaging
public import RandomStreams

/// Draws one labelled sample of a synthetic dataset.
///
/// A generator must be a pure function of its size and its stream: the same arguments give the
/// same sample, which is what makes a dataset's manifest id a function of its seed.
public protocol SampleGenerator: Sendable {
    /// What the labels of this generator mean.
    var task: LabelTask { get }

    /// The sample drawn from `stream`, `width × height` pixels.
    func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage
}
