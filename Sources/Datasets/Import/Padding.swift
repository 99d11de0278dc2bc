internal import Imaging

/// Brings the images of a set whose images differ in size (PASCAL VOC's are at most 500×500) to one
/// square size, so that they train in batches, as DeepLab's training pads its crops: each image is
/// placed at the top-left corner of an N×N canvas; outside it the image is 0 and the labels are 255
/// (ignored by losses and metrics). An image larger than N in either direction keeps its top-left
/// N×N part and is reported as cropped.
public struct Padding: Sendable, Equatable {
    /// The canvas side in pixels.
    public let size: Int

    /// The side msdb uses unless told otherwise: 512, which holds every VOC 2012 image whole.
    public static let defaultSize = 512

    /// The rule in words, as the manifest records it.
    public static let rule =
        "image at the top-left of a size×size canvas; image 0 and labels 255 (ignored) outside it; larger "
        + "images keep their top-left size×size part"

    public init(size: Int) throws(DatasetsError) {
        guard (8...4096).contains(size) else {
            throw .invalidOption(name: "pad-to", reason: "\(size) is outside 8...4096")
        }
        self.size = size
    }

    /// `sample` on the canvas, and whether it had to be cropped.
    func apply(_ sample: LabeledImage) -> (sample: LabeledImage, cropped: Bool) {
        let image = sample.image
        let width = min(image.width, size)
        let height = min(image.height, size)
        let channels = image.channels
        var samples = [UInt16](repeating: 0, count: size * size * channels)
        var labels = [UInt8](repeating: LabelMap.ignore, count: size * size)
        for row in 0..<height {
            let source = row * image.width
            let target = row * size
            for column in 0..<width {
                for channel in 0..<channels {
                    samples[(target + column) * channels + channel] =
                        image.samples[(source + column) * channels + channel]
                }
                labels[target + column] = sample.labels.labels[source + column]
            }
        }
        let canvas = Image(
            width: size, height: size, channels: channels, bitDepth: image.bitDepth, samples: samples,
            palette: image.palette)
        return (
            LabeledImage(image: canvas, labels: LabelMap(width: size, height: size, labels: labels)),
            image.width > size || image.height > size
        )
    }
}
