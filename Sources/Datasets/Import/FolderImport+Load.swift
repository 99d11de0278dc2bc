internal import Foundation
internal import Imaging

extension FolderImport {
    /// Reads and checks every sample: each file decodes, each mask has its image's size, binary
    /// masks hold 0 and a single "on" value (1, 255 or 65535), label maps fit a byte. `dsb2018`
    /// images become gray (`Image.luma`), their masks are united and the samples cut into tiles.
    /// `cityscapes` and `voc` images become RGB and their label ids classes (`SceneLabels`), an
    /// unknown id being an error; `cityscapes` samples are then shrunk by `downscale`.
    /// `progress(done, total)` is called after each sample.
    public func load(progress: (Int, Int) -> Void = { _, _ in }) throws(DatasetsError) -> DatasetContent {
        try loadSummarised(progress: progress).content
    }

    /// `load`, with what tiling kept and dropped.
    public func loadSummarised(
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(DatasetsError) -> (content: DatasetContent, summary: ImportSummary) {
        var splits: [Split: [LabeledImage]] = [:]
        var summary = ImportSummary()
        summary.skippedSplits = skippedSplits
        summary.unlistedImages = unlistedImages
        var largestClass = 0
        for (index, entry) in entries.enumerated() {
            let sample = try loadSample(entry)
            if layout.classNames == nil {
                largestClass = max(
                    largestClass, Int(sample.labels.labels.filter { $0 != LabelMap.ignore }.max() ?? 0))
            }
            if let padding {
                let (padded, cropped) = padding.apply(sample)
                if cropped { summary.cropped.append(entry.stem) }
                splits[entry.split, default: []].append(padded)
            } else if let tiling {
                let tiles = tiling.cut(sample)
                if tiles.isEmpty { summary.skipped.append(entry.stem) }
                summary.tiles += tiles.count
                summary.pixels += sample.image.width * sample.image.height
                summary.droppedPixels +=
                    sample.image.width * sample.image.height
                    - tiles.count * tiling.size * tiling.size
                splits[entry.split, default: []] += tiles
            } else {
                splits[entry.split, default: []].append(sample)
            }
            summary.samples += 1
            progress(index + 1, entries.count)
        }
        for split in Split.allCases where sampleSplit != nil && entries.contains(where: { $0.split == split })
        {
            guard splits[split]?.isEmpty == false else {
                throw .malformed(
                    path: root,
                    reason:
                        "no sample of the \(split.rawValue) split is as large as one \(tiling?.size ?? 0)-pixel "
                        + "tile; choose a smaller --tile")
            }
        }
        let task: LabelTask =
            if let names = layout.classNames {
                .multiclass(classNames: names)
            } else {
                binary ? .binary : .multiclass(classNames: (0...max(largestClass, 1)).map { "class\($0)" })
            }
        return (DatasetContent(task: task, splits: splits), summary)
    }

    /// One entry decoded: the image (gray for `dsb2018`, RGB for the scene layouts) and its labels,
    /// the union of its masks or the scene layout's classes, shrunk by `downscale`.
    private func loadSample(_ entry: ImportEntry) throws(DatasetsError) -> LabeledImage {
        let imageFile = absolutePath(entry.imagePath)
        var image = try Self.read(imageFile)
        switch layout {
        case .dsb2018: image = image.luma
        case .cityscapes, .voc: image = try SceneLabels.rgb(image, file: imageFile)
        case .pairs, .official: break
        }
        var labels: LabelMap?
        for labelPath in entry.labelPaths {
            let labelFile = absolutePath(labelPath)
            let labelImage = try Self.read(labelFile)
            guard labelImage.width == image.width, labelImage.height == image.height else {
                throw .sizeMismatch(
                    file: labelFile, image: imageFile, maskSize: "\(labelImage.width)x\(labelImage.height)",
                    imageSize: "\(image.width)x\(image.height)")
            }
            let read =
                switch layout {
                case .cityscapes: try SceneLabels.cityscapes(labelImage, file: labelFile)
                case .voc: try SceneLabels.voc(labelImage, file: labelFile)
                case .pairs, .official, .dsb2018:
                    binary
                        ? try Self.binaryLabels(labelImage, file: labelFile)
                        : try Self.classLabels(labelImage, file: labelFile)
                }
            if var united = labels {
                for pixel in united.labels.indices where read.labels[pixel] == 1 { united.labels[pixel] = 1 }
                labels = united
            } else {
                labels = read
            }
        }
        guard let labels else { preconditionFailure("an import entry has at least one label file") }
        guard let downscale, downscale.factor > 1 else { return LabeledImage(image: image, labels: labels) }
        guard downscale.fits(width: image.width, height: image.height) else {
            throw .malformed(
                path: imageFile,
                reason:
                    "is \(image.width)x\(image.height), smaller than one \(downscale.factor)x\(downscale.factor) "
                    + "block at --scale \(downscale.scale)")
        }
        return LabeledImage(image: downscale.image(image), labels: downscale.labels(labels))
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
