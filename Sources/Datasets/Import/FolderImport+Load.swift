internal import Foundation
internal import Imaging

extension FolderImport {
    /// Reads and checks every pair: each file decodes, each mask has its image's size, binary
    /// masks hold 0 and a single "on" value (1, 255 or 65535), label maps fit a byte.
    /// `progress(done, total)` is called after each pair.
    public func load(progress: (Int, Int) -> Void = { _, _ in }) throws(DatasetsError) -> DatasetContent {
        var splits: [Split: [LabeledImage]] = [:]
        var largestClass = 0
        for (index, entry) in entries.enumerated() {
            let imageFile = absolutePath(entry.imagePath)
            let labelFile = absolutePath(entry.labelPath)
            let image = try Self.read(imageFile)
            let labelImage = try Self.read(labelFile)
            guard labelImage.width == image.width, labelImage.height == image.height else {
                throw .sizeMismatch(
                    file: labelFile, image: imageFile, maskSize: "\(labelImage.width)x\(labelImage.height)",
                    imageSize: "\(image.width)x\(image.height)")
            }
            let labels =
                binary
                ? try Self.binaryLabels(labelImage, file: labelFile)
                : try Self.classLabels(labelImage, file: labelFile)
            largestClass = max(largestClass, Int(labels.labels.filter { $0 != LabelMap.ignore }.max() ?? 0))
            splits[entry.split, default: []].append(LabeledImage(image: image, labels: labels))
            progress(index + 1, entries.count)
        }
        let task: LabelTask =
            binary ? .binary : .multiclass(classNames: (0...max(largestClass, 1)).map { "class\($0)" })
        return DatasetContent(task: task, splits: splits)
    }

    private static func read(_ file: String) throws(DatasetsError) -> Image {
        do {
            return try ImageFile.read(path: file)
        } catch let error as ImagingError {
            throw .unreadable(file: file, reason: error.description)
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
    }

    /// 0/1 labels of a mask that holds 0 and at most one other value, which must be 1, 255 or 65535.
    static func binaryLabels(_ image: Image, file: String) throws(DatasetsError) -> LabelMap {
        guard image.channels == 1, image.palette == nil else {
            throw .invalidLabels(file: file, reason: "a mask needs one gray channel, got \(image.channels)")
        }
        var on: UInt16?
        for value in image.samples where value != 0 {
            if let on, value != on { throw .notBinary(file: file, value: Int(value)) }
            on = value
        }
        if let on, ![1, 255, 65535].contains(on) { throw .notBinary(file: file, value: Int(on)) }
        return LabelMap(
            width: image.width, height: image.height, labels: image.samples.map { $0 == 0 ? 0 : 1 })
    }

    /// Class ids of a single-channel label image whose values fit a byte (palette indices kept).
    static func classLabels(_ image: Image, file: String) throws(DatasetsError) -> LabelMap {
        do {
            return try LabelMap(image: image)
        } catch {
            throw .invalidLabels(file: file, reason: "\(error)")
        }
    }
}
