internal import ArtifactStore
internal import Foundation
internal import Imaging
internal import Jobs
internal import Reproduction

/// `/artifacts/ID.png`: a stored image, label map, prediction or KDE map drawn as a PNG, the way
/// the paper's figures draw them (images stretched to their range, binary labels black and white,
/// classes in the palette, predictions and densities as gray from their minimum to maximum).
enum ArtifactPreview {
    static let kinds: Set<ArtifactKind> = [.image, .label, .prediction, .kde]

    /// The PNG bytes of artifact `id`.
    ///
    /// - Throws: `WebError.notFound` for an unknown id or a kind that has no picture.
    static func png(_ id: ContentID, store: Store) throws -> [UInt8] {
        guard let info = try store.info(id) else { throw WebError.notFound("no artifact \(id.hex)") }
        guard kinds.contains(info.kind) else {
            throw WebError.notFound("a \(info.kind.name) artifact has no picture")
        }
        let bytes = Array(try store.get(id).bytes)
        let picture: Image
        switch info.kind {
        case .image:
            picture = FigurePicture.display(try Image(canonicalBytes: bytes))
        case .label:
            let map = try LabelMap(canonicalBytes: bytes)
            let classes = Int(map.labels.filter { $0 != LabelMap.ignore }.max() ?? 1) + 1
            picture = FigurePicture.labels(map, classes: classes)
        case .prediction:
            let (channels, height, width, scores) = try PredictionEncoding.decode(bytes)
            // The foreground score of a binary prediction; the arg-max class of a multi-class one.
            if channels == 1 {
                // Probabilities on a fixed scale: 0 black, 1 white.
                picture = Image(
                    width: width, height: height, channels: 1, bitDepth: .eight,
                    samples: scores.map { UInt16((min(max(Double($0), 0), 1) * 255).rounded()) })
            } else {
                let plane = width * height
                let labels = (0..<plane).map { pixel -> UInt8 in
                    var best = 0
                    for channel in 1..<channels
                    where scores[channel * plane + pixel] > scores[best * plane + pixel] {
                        best = channel
                    }
                    return UInt8(best)
                }
                picture = FigurePicture.labels(
                    LabelMap(width: width, height: height, labels: labels), classes: channels)
            }
        default:
            let (density, _) = try KDEMap.decode(canonicalBytes: bytes)
            picture = Image(quantizing: density, bitDepth: .eight)
        }
        return try ImageFile.pngData(picture)
    }
}
