import Datasets
import Foundation
import Imaging
import TestSupport
import Testing

@Suite struct ImporterTests {
    @Test func theOfficialLayoutImportsEverySplitInStemOrder() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (3, 1, 2))
        let scanned = try FolderImport.scan(path: folder.root, layout: .official)
        #expect(scanned.entries.map(\.stem) == ["0", "1", "2", "0", "0", "1"])
        #expect(scanned.entries.map(\.split) == [.train, .train, .train, .val, .test, .test])
        #expect(scanned.entries[0].imagePath == "train/images/0.png")
        let content = try scanned.load()
        #expect(content.sizes == SplitSizes(train: 3, val: 1, test: 2))
        let first = try #require(content[.train].first)
        #expect(first.image == ImageFolderFixture.image(side: 12, seed: 0))
        #expect(first.labels.labels == ImageFolderFixture.mask(side: 12).samples.map { $0 == 0 ? 0 : 1 })
    }

    @Test func pairsMatchByStemAcrossFormatsAndGoToTheChosenSplit() throws {
        let folder = try ImageFolderFixture()
        try folder.write(ImageFolderFixture.image(side: 8, seed: 1), "images/b.tif")
        try folder.write(ImageFolderFixture.mask(side: 8), "masks/b.png")
        try folder.write(ImageFolderFixture.image(side: 8, seed: 2), "images/a.png")
        try folder.write(ImageFolderFixture.mask(side: 8), "masks/a.tiff")
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder.root + "/images/README.txt"))
        let scanned = try FolderImport.scan(path: folder.root, layout: .pairs, split: .train)
        #expect(scanned.entries.map(\.stem) == ["a", "b"])
        #expect(scanned.entries.map(\.labelPaths) == [["masks/a.tiff"], ["masks/b.png"]])
        let content = try scanned.load()
        #expect(content[.train].count == 2)
        #expect(content[.test].isEmpty)
    }

    @Test func aMaskWithAnotherSizeIsRefusedNamingIt() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0), side: 10)
        try folder.write(ImageFolderFixture.mask(side: 9), "train/labels/0.png")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official).load()
        }
        #expect(error.description.contains("train/labels/0.png"))
        #expect(error.description.contains("9x9"))
    }

    @Test func aMaskThatIsNotBinaryIsRefusedWhenBinaryIsDeclared() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0), side: 6)
        let grey = Image(width: 6, height: 6, gray8: (0..<36).map { [0, 255, 128][$0 % 3] })
        try folder.write(grey, "train/labels/0.png")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official).load()
        }
        #expect(error == .notBinary(file: folder.root + "/train/labels/0.png", value: 128))
        // Declared multi-class, the same file is a valid label map.
        let content = try FolderImport.scan(path: folder.root, layout: .official, binary: false).load()
        #expect(Set(content[.train][0].labels.labels) == [0, 128, 255])
    }

    @Test func aCorruptFileIsRefusedNamingIt() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (2, 0, 0))
        let path = folder.root + "/train/images/1.png"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official).load()
        }
        guard case .unreadable(let file, _) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(file == path)
        #expect(error.description.hasPrefix("cannot read '\(path)': "))
    }

    @Test func unpairedFilesAreRefusedNamingThem() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0))
        try folder.write(ImageFolderFixture.image(side: 12, seed: 5), "train/images/extra.png")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        #expect(error.description.contains("train/images/extra.png"))
        #expect(error.description.contains("has no matching label"))
    }

    @Test func aSymlinkLeadingOutOfTheFolderIsRefused() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0))
        let outside = folder.directory.path("outside.png")
        try ImageFile.write(ImageFolderFixture.mask(side: 12), path: outside)
        try FileManager.default.removeItem(atPath: folder.root + "/train/labels/0.png")
        try FileManager.default.createSymbolicLink(
            atPath: folder.root + "/train/labels/0.png", withDestinationPath: "../../../outside.png")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        #expect(error.description.contains("leads outside the import folder"))
        #expect(error.description.contains("train/labels/0.png"))
    }

    @Test func aSymlinkStayingInsideTheFolderIsFollowed() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (2, 0, 0))
        try FileManager.default.removeItem(atPath: folder.root + "/train/labels/1.png")
        try FileManager.default.createSymbolicLink(
            atPath: folder.root + "/train/labels/1.png", withDestinationPath: "0.png")
        #expect(try FolderImport.scan(path: folder.root, layout: .official).entries.count == 2)
    }

    @Test func aMissingOrEmptyFolderIsRefused() throws {
        let folder = try ImageFolderFixture()
        #expect(throws: DatasetsError.missingFolder(path: folder.root + "/nope")) {
            try FolderImport.scan(path: folder.root + "/nope", layout: .official)
        }
        #expect(throws: DatasetsError.empty(path: folder.root)) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        try FileManager.default.createDirectory(
            atPath: folder.root + "/train/images", withIntermediateDirectories: true)
        #expect(throws: DatasetsError.missingFolder(path: folder.root + "/train/labels")) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
    }

    @Test func twoFilesWithOneStemAreRefused() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0))
        try folder.write(ImageFolderFixture.image(side: 12, seed: 0), "train/images/0.tif")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        guard case .duplicateStem = error else {
            Issue.record("expected duplicateStem, got \(error)")
            return
        }
    }
}

@Suite struct ImporterLinkTests {
    @Test func aBrokenSymlinkIsRefusedNamingIt() throws {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (1, 0, 0))
        let link = folder.root + "/train/images/0.png"
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "gone.png")
        let error = try #require(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        #expect(error.description.hasPrefix("cannot read '\(link)'"))
    }
}
