public import Imaging

/// PCL, labels corrupted by morphology: 3×3 dilation, 3×3 erosion, the one-pixel skeleton, or
/// any sequence of them (`[.dilate, .dilate, .erode]`), applied in order with Imaging's operators
/// (pixels outside the image never change a result; the skeleton is scikit-image's). No
/// randomness.
public struct MorphologicalNoise: Sendable, Equatable {
    /// One step of the recipe.
    public enum Step: String, Sendable, Equatable, CaseIterable {
        case dilate
        case erode
        case skeleton
    }

    public let steps: [Step]

    /// - Throws: `LabelNoiseError.noMorphologySteps` for an empty recipe.
    public init(steps: [Step]) throws(LabelNoiseError) {
        guard !steps.isEmpty else { throw .noMorphologySteps }
        self.steps = steps
    }

    /// The steps applied to `mask`.
    public func apply(to mask: Mask) -> Mask {
        steps.reduce(mask) { current, step in
            switch step {
            case .dilate: current.dilated()
            case .erode: current.eroded()
            case .skeleton: current.skeletonized()
            }
        }
    }
}
