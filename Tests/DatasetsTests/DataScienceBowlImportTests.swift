import Datasets
import Foundation
import Imaging
import RandomStreams
import TestSupport
import Testing

/// The `dsb2018` importer on a stage-1-shaped tree of real nuclei (BBBC007 crops, one mask per
/// nucleus; Fixtures/make_import_fixtures.py), checked against what numpy and Pillow compute on the
/// same files: the gray reduction, the masks' union and the tiles.
@Suite struct DataScienceBowlImportTests {
    struct Expected: Decodable {
        struct Tile: Decodable, Hashable {
            let imageSum: Int
            let foreground: Int
            enum CodingKeys: String, CodingKey {
                case imageSum = "image_sum"
                case foreground
            }
        }
        struct Sample: Decodable {
            let size: [Int]
            let tiles: [Tile]
            let foreground: Int
        }
        let tile: Int
        let samples: [String: Sample]
    }

    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixture("dsb2018_expected.json"))))
    }

    static func split(_ train: Double, _ val: Double, _ test: Double, seed: Int64 = 0) throws -> SampleSplit {
        try SampleSplit(train: train, val: val, test: test, seed: Seed(seed))
    }

    /// A tile's checksum as the fixture states it.
    static func signature(_ sample: LabeledImage) -> Expected.Tile {
        Expected.Tile(
            imageSum: sample.image.samples.reduce(0) { $0 + Int($1) },
            foreground: sample.labels.labels.reduce(0) { $0 + Int($1) })
    }

    @Test func tilesMatchTheGrayUnionAndGridThatPythonComputes() throws {
        let expected = try Self.expected()
        let folder = try FolderImport.scan(
            path: Self.fixture("dsb2018"), layout: .dsb2018, sampleSplit: Self.split(0.5, 0.25, 0.25),
            tiling: Tiling(size: expected.tile))
        let (content, summary) = try folder.loadSummarised()
        let tiles = Split.allCases.flatMap { content[$0] }
        #expect(tiles.allSatisfy { $0.image.channels == 1 && $0.image.width == expected.tile })
        #expect(tiles.allSatisfy { $0.labels.labels.allSatisfy { $0 <= 1 } })
        #expect(
            tiles.map(Self.signature).sorted { ($0.imageSum, $0.foreground) < ($1.imageSum, $1.foreground) }
                == expected.samples.values.flatMap(\.tiles).sorted {
                    ($0.imageSum, $0.foreground) < ($1.imageSum, $1.foreground)
                })
        #expect(summary.samples == expected.samples.count)
        #expect(summary.tiles == tiles.count)
        #expect(summary.skipped == expected.samples.filter { $0.value.tiles.isEmpty }.map(\.key))
        let pixels = expected.samples.values.reduce(0) { $0 + $1.size[0] * $1.size[1] }
        #expect(summary.pixels == pixels)
        #expect(summary.droppedPixels == pixels - tiles.count * expected.tile * expected.tile)
    }

    @Test func everySamplesTilesShareOneSplit() throws {
        let expected = try Self.expected()
        var owner: [Expected.Tile: String] = [:]
        for (id, sample) in expected.samples { for tile in sample.tiles { owner[tile] = id } }
        for seed in 0..<4 {
            let content = try FolderImport.scan(
                path: Self.fixture("dsb2018"), layout: .dsb2018,
                sampleSplit: Self.split(0.4, 0.3, 0.3, seed: Int64(seed)), tiling: Tiling(size: expected.tile)
            ).load()
            var splitOf: [String: Split] = [:]
            for split in Split.allCases {
                for tile in content[split] {
                    let id = try #require(owner[Self.signature(tile)])
                    #expect(splitOf[id, default: split] == split, "sample \(id) straddles splits")
                    splitOf[id] = split
                }
            }
            #expect(Set(splitOf.values) == Set(Split.allCases))
        }
    }

    @Test func theSplitFollowsTheSeedAndOnlyTheSeed() throws {
        let ids = (0..<40).map { "sample\($0)" }
        let first = try Self.split(0.7, 0.1, 0.2, seed: 3).assign(ids, folder: "f")
        #expect(try Self.split(0.7, 0.1, 0.2, seed: 3).assign(ids.reversed(), folder: "f") == first)
        #expect(try Self.split(0.7, 0.1, 0.2, seed: 4).assign(ids, folder: "f") != first)
        #expect(first.values.filter { $0 == .train }.count == 28)
        #expect(first.values.filter { $0 == .val }.count == 4)
        #expect(first.values.filter { $0 == .test }.count == 8)
        let testOnly = try Self.split(0, 0, 1).assign(ids, folder: "f")
        #expect(testOnly.values.allSatisfy { $0 == .test })
    }

    @Test(arguments: [[0.7, 0.2, 0.2], [-0.1, 0.1, 1.0], [0.5, 0.5, .nan]])
    func fractionsThatAreNotAPartitionAreRefused(_ fractions: [Double]) {
        #expect(throws: DatasetsError.self) {
            try SampleSplit(train: fractions[0], val: fractions[1], test: fractions[2], seed: 0)
        }
    }

    @Test func aSplitLeftEmptyByTooFewSamplesIsAnError() throws {
        #expect {
            try Self.split(0.8, 0.1, 0.1).assign(["a", "b", "c"], folder: "/data/x")
        } throws: { error in
            "\(error)".contains("/data/x") && "\(error)".contains("split empty")
        }
    }

    @Test func colourBecomesPillowsLuma() throws {
        let colour = try ImageFile.read(path: Self.fixture("colour_crop.png"))
        let reference = try ImageFile.read(path: Self.fixture("colour_crop_luma.png"))
        #expect(colour.channels == 3)
        #expect(colour.luma == reference)
    }

    /// A copy of the fixture tree to damage.
    static func copy() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let root = directory.path("dsb")
        try FileManager.default.copyItem(atPath: fixture("dsb2018"), toPath: root)
        return (directory, root)
    }

    static func load(_ root: String) throws {
        _ = try FolderImport.scan(
            path: root, layout: .dsb2018, sampleSplit: split(0, 0, 1), tiling: Tiling(size: 128)
        ).load()
    }

    @Test(arguments: [
        "mask without image", "mask of another size", "no masks folder", "empty masks folder",
        "truncated image", "mask not binary",
    ])
    func aMalformedTreeNamesTheFirstOffendingPath(_ damage: String) throws {
        let (directory, root) = try Self.copy()
        _ = directory
        let sample = root + "/a9_p7d"
        let offending: String
        switch damage {
        case "mask without image":
            try FileManager.default.removeItem(atPath: sample + "/images/a9_p7d.png")
            offending = sample + "/masks/nucleus000.png"
        case "mask of another size":
            try ImageFile.write(
                Image(width: 5, height: 5, gray8: [UInt8](repeating: 255, count: 25)),
                path: sample + "/masks/nucleus001.png")
            offending = sample + "/masks/nucleus001.png"
        case "no masks folder":
            try FileManager.default.removeItem(atPath: sample + "/masks")
            offending = sample
        case "empty masks folder":
            try FileManager.default.removeItem(atPath: sample + "/masks")
            try FileManager.default.createDirectory(
                atPath: sample + "/masks", withIntermediateDirectories: false)
            offending = sample + "/masks"
        case "truncated image":
            let file = sample + "/images/a9_p7d.png"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
            offending = file
        default:
            try ImageFile.write(
                Image(width: 256, height: 256, gray8: (0..<65536).map { UInt8($0 % 3) }),
                path: sample + "/masks/nucleus002.png")
            offending = sample + "/masks/nucleus002.png"
        }
        #expect {
            try Self.load(root)
        } throws: { error in
            (error as? DatasetsError)?.description.contains("'\(offending)'") == true
        }
    }
}
