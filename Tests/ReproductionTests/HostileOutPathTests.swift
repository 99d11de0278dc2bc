import Foundation
import Reproduction
import TestSupport
import Testing

/// `--out` directories given through `..` and symbolic links: writes land only in the resolved
/// directory, and a symbolic link planted under an output's name is replaced, not written through.
@Suite struct HostileOutPathTests {
    static func resolved(_ path: String) throws -> String {
        let pointer = try #require(realpath(path, nil))
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func listing(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func dotDotComponentsAreRemovedBeforeTheDirectoryIsCreated() throws {
        let directory = try TemporaryDirectory()
        let out = try ReportDirectory(path: directory.path("a/../b/./c/../d"))
        try out.write("x", name: "table2.csv")
        #expect(out.path == (try Self.resolved(directory.path("b/d"))))
        #expect(Self.listing(directory.path("")) == ["b"], "nothing but b/ was created")
        #expect(Self.listing(directory.path("b/d")) == ["table2.csv"])
    }

    @Test func aSymbolicLinkToTheOutDirectoryIsResolvedAndWrittenThrough() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: directory.path("real/target"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.path("link"), withDestinationPath: directory.path("real/target"))
        let out = try ReportDirectory(path: directory.path("link/../link"))
        #expect(out.path == (try Self.resolved(directory.path("real/target"))))
        try out.write("x", name: "fig2.csv")
        #expect(Self.listing(directory.path("real/target")) == ["fig2.csv"])
        #expect(Self.listing(directory.path("")) == ["link", "real"])
    }

    @Test func aPlantedSymbolicLinkUnderAnOutputNameIsReplacedNotFollowed() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            atPath: directory.path("out"), withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: directory.path("precious.txt")))
        try FileManager.default.createSymbolicLink(
            atPath: directory.path("out/index.html"), withDestinationPath: directory.path("precious.txt"))
        let out = try ReportDirectory(path: directory.path("out"))
        try out.write("<html></html>", name: "index.html")
        #expect(try String(contentsOfFile: directory.path("precious.txt"), encoding: .utf8) == "precious")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path("out/index.html"))
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(
            try String(contentsOfFile: directory.path("out/index.html"), encoding: .utf8) == "<html></html>")
    }

    @Test func anOutPathThatIsAFileOrADanglingLinkIsOneErrorAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory.path("file")))
        #expect(throws: ReportDirectoryError.notADirectory(path: directory.path("file"))) {
            try ReportDirectory(path: directory.path("file"))
        }
        try FileManager.default.createSymbolicLink(
            atPath: directory.path("dangling"), withDestinationPath: directory.path("nowhere/deeper"))
        #expect(throws: ReportDirectoryError.self) { try ReportDirectory(path: directory.path("dangling")) }
        #expect(Self.listing(directory.path("")) == ["dangling", "file"], "nothing was created")
    }
}
