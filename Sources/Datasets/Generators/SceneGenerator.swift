internal import Foundation
internal import Imaging
public import RandomStreams

/// Multi-class street-like scenes for Table 2 and Figure 3: Cityscapes' 19 evaluation classes as
/// textured regions of an 8-bit RGB image, with class ids (Cityscapes' train ids) in the label map.
///
/// Why 19 classes: multi-class random flipping gives a pixel another class chosen uniformly, so at
/// P_flip = p the true class keeps probability 1 − p and each other class gets p / (M − 1); the true
/// class stays the most likely label only when M > 1 / (1 − p), i.e. M ≥ 11 for p = 0.9. The
/// paper's multi-class data has Cityscapes-like class counts; with 5 classes RF 0.9 destroys the
/// labels' information instead of hiding it.
///
/// Layout: a wavy horizon; sky above it; buildings, walls, a fence and sometimes a train standing
/// on it; trees (vegetation) in front of them; below it a road narrowing towards a vanishing
/// point, bordered by sidewalks and then terrain; poles carrying traffic signs or lights at the
/// sidewalk's outer edge; people on the sidewalks; cars, trucks, buses, motorcycles and bicycles
/// (these two with riders) on the road, all sized by perspective. The label map is then warped by
/// a smooth random displacement of up to `boundaryNoise` pixels, so class boundaries are ragged,
/// and the image is textured from the warped labels (`SceneTexture`).
public struct SceneGenerator: SampleGenerator {
    /// Class names in id order (Cityscapes' train ids).
    public static let classNames = [
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
        "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
        "bicycle",
    ]

    /// Class ids by name, as `SceneTexture` and the layout use them.
    enum Class: UInt8, CaseIterable {
        case road, sidewalk, building, wall, fence, pole, trafficLight, trafficSign, vegetation, terrain
        case sky, person, rider, car, truck, bus, train, motorcycle, bicycle
    }

    /// The largest boundary displacement in pixels.
    public var boundaryNoise = 3.0

    public init() {}

    public var task: LabelTask { .multiclass(classNames: Self.classNames) }

    public func sample(width: Int, height: Int, stream: RandomStream) -> LabeledImage {
        var layout = SceneLayout(width: width, height: height, stream: stream.substream("layout"))
        layout.draw()
        let labels = warp(layout.labels, stream: stream.substream("boundary"))
        let image = SceneTexture(labels: labels, stream: stream.substream("texture")).image()
        return LabeledImage(image: image, labels: labels)
    }

    /// Each pixel takes the label at its position displaced by a smooth field (nearest pixel,
    /// clamped to the image).
    private func warp(_ labels: LabelMap, stream: RandomStream) -> LabelMap {
        var draw = stream
        let cells = max(labels.width / 12, 2)
        let dx = SmoothField.make(width: labels.width, height: labels.height, cells: cells, stream: &draw)
        let dy = SmoothField.make(width: labels.width, height: labels.height, cells: cells, stream: &draw)
        var warped = labels
        for y in 0..<labels.height {
            for x in 0..<labels.width {
                let index = y * labels.width + x
                let sourceX = Double(x) + (dx.values[index] - 0.5) * 2 * boundaryNoise
                let sourceY = Double(y) + (dy.values[index] - 0.5) * 2 * boundaryNoise
                let clampedX = min(max(Int(sourceX.rounded()), 0), labels.width - 1)
                let clampedY = min(max(Int(sourceY.rounded()), 0), labels.height - 1)
                warped[x, y] = labels[clampedX, clampedY]
            }
        }
        return warped
    }
}
