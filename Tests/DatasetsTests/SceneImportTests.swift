import Datasets
import Foundation
import Imaging
import TestSupport
import Testing

/// The `cityscapes` and `voc` importers on small trees in their native layouts
/// (Fixtures/make_scene_fixtures.py), checked against what numpy and Pillow compute on the same
/// files: counts per split, the histogram of mapped classes, the image samples, the downscaling.
@Suite struct SceneImportTests {
    struct Expected: Decodable {
        struct SplitNumbers: Decodable {
            let count: Int
            /// Pixels per class id, then the ignored (255) pixels.
            let histogram: [Int]
            let imageSum: Int
            let sizes: [[Int]]?
            enum CodingKeys: String, CodingKey {
                case count, histogram, sizes
                case imageSum = "image_sum"
            }
        }
        struct Cityscapes: Decodable {
            let classes: [String]
            /// By k, then by msdb split.
            let scales: [String: [String: SplitNumbers]]
        }
        struct JPEG: Decodable {
            let size: [Int]
            let channels: Int
            let channelSums: [Int]
            let checksum: Int
            enum CodingKeys: String, CodingKey {
                case size, channels, checksum
                case channelSums = "channel_sums"
            }
        }
        struct VOC: Decodable {
            let classes: [String]
            let splits: [String: SplitNumbers]
            let jpegs: [String: JPEG]
            let unlistedImages: Int
            enum CodingKeys: String, CodingKey {
                case classes, splits, jpegs
                case unlistedImages = "unlisted_images"
            }
        }
        let cityscapes: Cityscapes
        let voc: VOC
    }

    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixture("scenes_expected.json"))))
    }

    /// A split's numbers as the fixture states them.
    static func numbers(_ samples: [LabeledImage], classes: Int) -> Expected.SplitNumbers {
        var histogram = [Int](repeating: 0, count: classes + 1)
        for sample in samples {
            for label in sample.labels.labels {
                histogram[label == LabelMap.ignore ? classes : Int(label)] += 1
            }
        }
        return Expected.SplitNumbers(
            count: samples.count, histogram: histogram,
            imageSum: samples.reduce(0) { $0 + $1.image.samples.reduce(0) { $0 + Int($1) } },
            sizes: samples.map { [$0.image.width, $0.image.height] })
    }

    static func check(_ actual: Expected.SplitNumbers, _ expected: Expected.SplitNumbers?, _ what: String) {
        #expect(actual.count == expected?.count, "\(what): count")
        #expect(actual.histogram == expected?.histogram, "\(what): histogram")
        #expect(actual.imageSum == expected?.imageSum, "\(what): image sum")
        if let sizes = expected?.sizes { #expect(actual.sizes == sizes, "\(what): sizes") }
    }

    @Test(arguments: [1, 2, 4])
    func cityscapesMapsLabelIdsAndScalesAsPythonComputes(_ k: Int) throws {
        let expected = try Self.expected().cityscapes
        let folder = try FolderImport.scan(
            path: Self.fixture("cityscapes"), layout: .cityscapes, downscale: Downscale(scale: 1 / Double(k)))
        #expect(folder.downscale?.factor == k)
        #expect(folder.skippedSplits == ["test"])
        let (content, summary) = try folder.loadSummarised()
        #expect(content.task == .multiclass(classNames: SceneLabels.cityscapesClasses))
        #expect(expected.classes == SceneLabels.cityscapesClasses)
        #expect(content[.val].isEmpty)
        #expect(summary.skippedSplits == ["test"] && summary.samples == 5)
        for split in [Split.train, .test] {
            #expect(content[split].allSatisfy { $0.image.channels == 3 })
            Self.check(
                Self.numbers(content[split], classes: 19), expected.scales["\(k)"]?[split.rawValue],
                "1/\(k) \(split.rawValue)")
        }
    }

    @Test func theTrainIdTableIsCityscapesOwn() {
        let table = SceneLabels.cityscapesTrainIDs
        #expect(table.count == 34)
        #expect(table[7] == 0 && table[8] == 1 && table[11] == 2 && table[23] == 10 && table[33] == 18)
        #expect(table.filter { $0 != 255 }.sorted() == (0...18).map { UInt8($0) })
        #expect([0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 16, 18, 29, 30].allSatisfy { table[$0] == 255 })
    }

    @Test func vocKeepsPaletteClassesAndDecodesItsJPEGs() throws {
        let expected = try Self.expected().voc
        let folder = try FolderImport.scan(path: Self.fixture("voc"), layout: .voc)
        #expect(folder.layoutFiles == ["ImageSets/Segmentation/train.txt", "ImageSets/Segmentation/val.txt"])
        let (content, summary) = try folder.loadSummarised()
        #expect(content.task == .multiclass(classNames: SceneLabels.vocClasses))
        #expect(expected.classes == SceneLabels.vocClasses)
        #expect(summary.unlistedImages == expected.unlistedImages && summary.skippedSplits.isEmpty)
        #expect(content[.val].isEmpty)
        for split in [Split.train, .test] {
            #expect(content[split].allSatisfy { $0.image.channels == 3 })
            Self.check(
                Self.numbers(content[split], classes: 21), expected.splits[split.rawValue], split.rawValue)
        }
    }

    @Test func vocReportsATestListAsSkipped() throws {
        let (directory, root) = try Self.copy("voc")
        _ = directory
        try "2008_000099\n".write(
            toFile: root + "/ImageSets/Segmentation/test.txt", atomically: true, encoding: .utf8)
        #expect(try FolderImport.scan(path: root, layout: .voc).skippedSplits == ["test"])
    }

    @Test(arguments: [0.3, 0, -0.5, 1.5, .nan, 1.0 / 300])
    func aScaleThatIsNotOneOverKIsRefused(_ scale: Double) {
        #expect {
            try Downscale(scale: scale)
        } throws: { error in
            guard case .invalidOption(let name, _) = error as? DatasetsError else { return false }
            return name == "scale"
        }
    }

    @Test func scaleAndTilesBelongToTheirLayouts() throws {
        #expect(try Downscale(scale: 0.333).factor == 3)
        #expect(throws: DatasetsError.self) {
            try FolderImport.scan(path: Self.fixture("voc"), layout: .voc, downscale: Downscale(scale: 0.5))
        }
        #expect(throws: DatasetsError.self) {
            try FolderImport.scan(
                path: Self.fixture("cityscapes"), layout: .cityscapes, tiling: Tiling(size: 16))
        }
    }

    /// Block means round half up and drop the remainders; labels come from each block's pixel
    /// (k·x + ⌊k/2⌋, k·y + ⌊k/2⌋).
    @Test func downscalingFollowsItsStatedRule() throws {
        let image = Image(
            width: 5, height: 3, channels: 1, bitDepth: .eight,
            samples: [0, 1, 2, 3, 9, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9])
        let half = try Downscale(scale: 0.5)
        #expect(half.image(image).samples == [1, 3])
        let labels = LabelMap(
            width: 5, height: 3, labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
        #expect(half.labels(labels) == LabelMap(width: 2, height: 1, labels: [6, 8]))
        let third = try Downscale(scale: 1.0 / 3)
        #expect(third.labels(labels) == LabelMap(width: 1, height: 1, labels: [6]))
        #expect(!third.fits(width: 2, height: 9))
    }

    /// A copy of a fixture tree to damage.
    static func copy(_ name: String) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let root = directory.path(name)
        try FileManager.default.copyItem(atPath: fixture(name), toPath: root)
        return (directory, root)
    }

    static func truncate(_ file: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
    }

    static func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: path) }

    @Test(arguments: [
        "image without label", "label without image", "label of another size", "unknown label id",
        "truncated image", "truncated label", "empty split", "missing gtFine split",
    ])
    func aMalformedCityscapesTreeNamesTheFirstOffendingPath(_ damage: String) throws {
        let (directory, root) = try Self.copy("cityscapes")
        _ = directory
        let images = root + "/leftImg8bit/train/aachen/aachen_000001_000020_leftImg8bit.png"
        let labels = root + "/gtFine/train/aachen/aachen_000001_000020_gtFine_labelIds.png"
        var offending: String
        switch damage {
        case "image without label":
            try Self.remove(labels)
            offending = images
        case "label without image":
            try Self.remove(images)
            offending = labels
        case "label of another size":
            try ImageFile.write(
                Image(width: 8, height: 8, gray8: [UInt8](repeating: 7, count: 64)), path: labels)
            offending = labels
        case "unknown label id":
            try ImageFile.write(
                Image(width: 64, height: 32, gray8: (0..<2048).map { $0 == 100 ? 34 : UInt8($0 % 34) }),
                path: labels)
            offending = labels
        case "truncated image":
            try Self.truncate(images)
            offending = images
        case "truncated label":
            try Self.truncate(labels)
            offending = labels
        case "empty split":
            for city in ["frankfurt", "lindau"] {
                try Self.remove(root + "/leftImg8bit/val/" + city)
                try Self.remove(root + "/gtFine/val/" + city)
            }
            offending = root + "/leftImg8bit/val"
        default:
            try Self.remove(root + "/gtFine/val")
            offending = root + "/gtFine/val"
        }
        #expect {
            try FolderImport.scan(path: root, layout: .cityscapes).load()
        } throws: { error in
            (error as? DatasetsError)?.description.contains("'\(offending)'") == true
        }
        if damage == "unknown label id" {
            #expect(
                throws: DatasetsError.invalidLabels(
                    file: offending, reason: "unknown label id 34 (Cityscapes ids are 0...33)")
            ) {
                try FolderImport.scan(path: root, layout: .cityscapes).load()
            }
        }
    }

    @Test(arguments: [
        "listed id without files", "image without label", "label without image", "label of another size",
        "unknown label id", "truncated jpeg", "empty list", "id listed twice", "missing list",
    ])
    func aMalformedVOCTreeNamesTheFirstOffendingPath(_ damage: String) throws {
        let (directory, root) = try Self.copy("voc")
        _ = directory
        let image = root + "/JPEGImages/2007_000002.jpg"
        let label = root + "/SegmentationClass/2007_000002.png"
        let train = root + "/ImageSets/Segmentation/train.txt"
        let offending: String
        switch damage {
        case "listed id without files":
            try "2007_000001\n2007_000002\n2007_000009\n".write(
                toFile: train, atomically: true, encoding: .utf8)
            offending = train
        case "image without label":
            try Self.remove(label)
            offending = image
        case "label without image":
            try Self.remove(image)
            offending = label
        case "label of another size":
            try ImageFile.write(
                Image(width: 9, height: 9, gray8: [UInt8](repeating: 0, count: 81)), path: label)
            offending = label
        case "unknown label id":
            try ImageFile.write(
                Image(width: 160, height: 120, gray8: (0..<19200).map { $0 == 5000 ? 21 : UInt8($0 % 21) }),
                path: label)
            offending = label
        case "truncated jpeg":
            try Self.truncate(image)
            offending = image
        case "empty list":
            try "\n".write(toFile: train, atomically: true, encoding: .utf8)
            offending = train
        case "id listed twice":
            try "2007_000001\n2007_000003\n".write(toFile: train, atomically: true, encoding: .utf8)
            offending = root + "/ImageSets/Segmentation/val.txt"
        default:
            try Self.remove(train)
            offending = train
        }
        #expect {
            try FolderImport.scan(path: root, layout: .voc).load()
        } throws: { error in
            (error as? DatasetsError)?.description.contains("'\(offending)'") == true
        }
    }
}
