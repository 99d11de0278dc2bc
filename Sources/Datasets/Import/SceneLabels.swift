internal import Imaging

/// The class tables of the street-scene layouts, and the reading of their label files.
public enum SceneLabels {
    /// The 19 classes Cityscapes evaluates, in train-id order.
    public static let cityscapesClasses = [
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
        "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
        "bicycle",
    ]

    /// Cityscapes label id (0…33) → train id, from the official table (cityscapesScripts
    /// `labels.py`); ids that are not evaluated (unlabeled, ego vehicle, parking, rail track,
    /// guard rail, …) map to 255, ignored.
    public static let cityscapesTrainIDs: [UInt8] = {
        let evaluated: [Int: UInt8] = [
            7: 0, 8: 1, 11: 2, 12: 3, 13: 4, 17: 5, 19: 6, 20: 7, 21: 8, 22: 9, 23: 10, 24: 11, 25: 12,
            26: 13, 27: 14, 28: 15, 31: 16, 32: 17, 33: 18,
        ]
        return (0...33).map { evaluated[$0] ?? LabelMap.ignore }
    }()

    /// The 21 PASCAL VOC classes, in index order.
    public static let vocClasses = [
        "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
        "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
        "tvmonitor",
    ]

    /// A Cityscapes `_gtFine_labelIds.png` as train ids. An id above 33 is refused, naming the file.
    static func cityscapes(_ image: Image, file: String) throws(DatasetsError) -> LabelMap {
        let (labels, unknown) = try mapped(image, file: file) { id in
            Int(id) < cityscapesTrainIDs.count ? cityscapesTrainIDs[Int(id)] : nil
        }
        if let unknown {
            throw .invalidLabels(
                file: file, reason: "unknown label id \(unknown) (Cityscapes ids are 0...33)")
        }
        return LabelMap(width: image.width, height: image.height, labels: labels)
    }

    /// A VOC `SegmentationClass` PNG: its palette indices (or gray values) are the classes 0…20,
    /// 255 the ignored border. Any other value is refused, naming the file.
    static func voc(_ image: Image, file: String) throws(DatasetsError) -> LabelMap {
        let (labels, unknown) = try mapped(image, file: file) { id in
            Int(id) < vocClasses.count || id == UInt16(LabelMap.ignore) ? UInt8(id) : nil
        }
        if let unknown {
            throw .invalidLabels(
                file: file, reason: "unknown label id \(unknown) (VOC has 0...20 and 255 for borders)")
        }
        return LabelMap(width: image.width, height: image.height, labels: labels)
    }

    /// The values of a one-channel label image (palette indices as stored) through `map`, in one
    /// pass over raw buffers (a dataset's worth of 2048×1024 label files goes through here); with
    /// the first value `map` rejects, or nil.
    private static func mapped(
        _ image: Image, file: String, _ map: (UInt16) -> UInt8?
    ) throws(DatasetsError) -> (labels: [UInt8], unknown: UInt16?) {
        guard image.channels == 1 else {
            throw .invalidLabels(
                file: file, reason: "a label file needs one channel of ids, got \(image.channels) channels")
        }
        var unknown: UInt16?
        let labels = image.samples.withUnsafeBufferPointer { ids in
            [UInt8](unsafeUninitializedCapacity: ids.count) { out, count in
                for index in 0..<ids.count {
                    if let label = map(ids[index]) {
                        out[index] = label
                    } else {
                        if unknown == nil { unknown = ids[index] }
                        out[index] = LabelMap.ignore
                    }
                }
                count = ids.count
            }
        }
        return (labels, unknown)
    }

    /// An 8-bit image as three colour channels: gray is repeated, alpha dropped. A 16-bit or
    /// palette image is refused.
    static func rgb(_ image: Image, file: String) throws(DatasetsError) -> Image {
        guard image.bitDepth == .eight, image.palette == nil else {
            throw .unreadable(
                file: file, reason: "expected an 8-bit gray or colour image, got a 16-bit or palette image")
        }
        if image.channels == 3 { return image }
        let stride = image.channels
        var samples = [UInt16](repeating: 0, count: image.pixelCount * 3)
        for pixel in 0..<image.pixelCount {
            for channel in 0..<3 {
                samples[3 * pixel + channel] = image.samples[stride * pixel + (stride >= 3 ? channel : 0)]
            }
        }
        return Image(
            width: image.width, height: image.height, channels: 3, bitDepth: .eight, samples: samples)
    }
}

extension ImportLayout {
    /// The class names a layout defines, or nil when classes are numbered from the data.
    public var classNames: [String]? {
        switch self {
        case .cityscapes: SceneLabels.cityscapesClasses
        case .voc: SceneLabels.vocClasses
        case .pairs, .official, .dsb2018: nil
        }
    }
}
