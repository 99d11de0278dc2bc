import Datasets
import Foundation
import Imaging
import TestSupport
import Testing

/// The import rule for hostile folders: a symbolic link is followed only when it resolves inside
/// the imported folder; names with `..` never leave it (a name cannot hold `/`, and names starting
/// with `.` are hidden and ignored).
@Suite struct HostileImportTests {
    static func folder() throws -> ImageFolderFixture {
        let folder = try ImageFolderFixture()
        try folder.writeOfficial(counts: (2, 0, 0), side: 8)
        return folder
    }

    @Test func aLinkToAFileInsideTheFolderIsFollowed() throws {
        let folder = try Self.folder()
        try folder.write(ImageFolderFixture.image(side: 8, seed: 9), "spare/9.png")
        try FileManager.default.removeItem(atPath: folder.root + "/train/images/1.png")
        try FileManager.default.createSymbolicLink(
            atPath: folder.root + "/train/images/1.png", withDestinationPath: "../../spare/9.png")
        let scanned = try FolderImport.scan(path: folder.root, layout: .official)
        #expect(scanned.entries.map(\.stem) == ["0", "1"])
    }

    @Test(arguments: ["file", "folder", "root-relative"])
    func aLinkThatLeavesTheFolderIsRefusedNamingIt(_ kind: String) throws {
        let folder = try Self.folder()
        let outside = folder.directory.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try ImageFile.write(ImageFolderFixture.image(side: 8, seed: 1), path: outside + "/1.png")
        let linked: String
        switch kind {
        case "file":
            linked = folder.root + "/train/images/1.png"
            try FileManager.default.removeItem(atPath: linked)
            try FileManager.default.createSymbolicLink(
                atPath: linked, withDestinationPath: outside + "/1.png")
        case "folder":
            linked = folder.root + "/train/images"
            try FileManager.default.removeItem(atPath: linked)
            try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: outside)
            try ImageFile.write(ImageFolderFixture.image(side: 8, seed: 0), path: outside + "/0.png")
        default:
            linked = folder.root + "/train/images/1.png"
            try FileManager.default.removeItem(atPath: linked)
            try FileManager.default.createSymbolicLink(
                atPath: linked, withDestinationPath: "../../../outside/1.png")
        }
        let error = #expect(throws: DatasetsError.self) {
            try FolderImport.scan(path: folder.root, layout: .official)
        }
        guard case .escapesFolder(let file, _) = error else {
            Issue.record("expected escapesFolder, got \(String(describing: error))")
            return
        }
        #expect(file.hasPrefix(linked))
    }

    @Test func namesWithDotDotStayInsideAndHiddenOnesAreIgnored() throws {
        let folder = try Self.folder()
        try folder.write(ImageFolderFixture.image(side: 8, seed: 5), "train/images/..5.png")
        try folder.write(ImageFolderFixture.image(side: 8, seed: 6), "train/images/a..b.png")
        try folder.write(ImageFolderFixture.mask(side: 8), "train/labels/a..b.png")
        let scanned = try FolderImport.scan(path: folder.root, layout: .official)
        #expect(scanned.entries.map(\.stem) == ["0", "1", "a..b"])
        for entry in scanned.entries {
            #expect(scanned.absolutePath(entry.imagePath).hasPrefix(scanned.root + "/train/images/"))
        }
    }
}
