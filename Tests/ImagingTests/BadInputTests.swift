import Foundation
import Imaging
import Testing

@Suite("bad input throws, never crashes or allocates what a header claims")
struct BadInputTests {
    private let scratch = ScratchDirectory()

    /// Writes bytes to a scratch file and returns its path.
    private func writeScratch(_ bytes: [UInt8], name: String) throws -> String {
        let path = scratch.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func fixtureBytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
    }

    /// Reads `path` and returns the `ImagingError` it throws (failing the test if none is thrown).
    private func readError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> ImagingError?
    {
        do {
            _ = try ImageFile.read(path: path)
            Issue.record("reading \(path) did not throw", sourceLocation: sourceLocation)
            return nil
        } catch let error as ImagingError {
            #expect(
                error.description.contains(path), "message names the file", sourceLocation: sourceLocation)
            let withoutPath = error.description.replacingOccurrences(of: path, with: "")
            #expect(
                withoutPath == withoutPath.lowercased(), "lowercase message", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    private func isCorrupt(_ error: ImagingError?) -> Bool {
        if case .corrupt = error { return true }
        return false
    }

    @Test func aTruncatedPNGIsCorrupt() throws {
        let bytes = try fixtureBytes("blobs_u8.png")
        let path = try writeScratch(Array(bytes.prefix(bytes.count / 2)), name: "truncated.png")
        #expect(isCorrupt(readError(path)))
    }

    @Test func aPNGWithFlippedBytesIsCorrupt() throws {
        var bytes = try fixtureBytes("blobs_u8.png")
        for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 40, by: 1) { bytes[offset] ^= 0xFF }
        let path = try writeScratch(bytes, name: "flipped.png")
        #expect(isCorrupt(readError(path)))
    }

    @Test func aPNGHeaderClaimingAbsurdDimensionsIsRefusedBeforeAllocating() throws {
        // 60000 x 60000 8-bit gray: within libpng's own limits, 3.6e9 pixels, far above 2^28.
        let path = try writeScratch(pngHeader(width: 60000, height: 60000), name: "huge.png")
        #expect(
            readError(path)
                == .tooLarge(file: path, width: 60000, height: 60000, limit: ImageLimits.maxPixels))
    }

    @Test func aTIFFHeaderClaimingAbsurdDimensionsIsRefusedBeforeAllocating() throws {
        let path = try writeScratch(tiffHeader(width: 70000, height: 70000), name: "huge.tif")
        #expect(
            readError(path)
                == .tooLarge(file: path, width: 70000, height: 70000, limit: ImageLimits.maxPixels))
    }

    @Test func aTruncatedTIFFIsCorrupt() throws {
        let bytes = try fixtureBytes("network_u16.tif")
        let path = try writeScratch(Array(bytes.prefix(bytes.count / 2)), name: "truncated.tif")
        #expect(isCorrupt(readError(path)))
    }

    @Test func aTIFFWithGarbageAfterItsSignatureIsCorrupt() throws {
        let path = try writeScratch(
            [0x49, 0x49, 0x2A, 0x00] + [UInt8](repeating: 0xEE, count: 64), name: "garbage.tif")
        #expect(isCorrupt(readError(path)))
    }

    @Test(
        "tiled, floating-point and planar TIFFs are refused as unsupported",
        arguments: ["bad_tiled.tif", "bad_float.tif", "bad_planar.tif"])
    func unsupportedTIFFLayoutsAreRefused(name: String) throws {
        let path = try Fixtures.path(name)
        guard case .unsupported = readError(path) else {
            Issue.record("expected an unsupported-layout error for \(name)")
            return
        }
    }

    @Test func aTextFileIsNotAnImage() throws {
        let path = try writeScratch(Array("width,height\n3,4\n".utf8), name: "notes.png")
        #expect(readError(path) == .notAnImage(file: path))
    }

    @Test func aMissingFileIsUnreadable() throws {
        let path = scratch.file("absent.png")
        guard case .unreadable = readError(path) else {
            Issue.record("expected unreadable")
            return
        }
    }

    @Test func anUnknownExtensionIsRefusedOnWrite() throws {
        let path = scratch.file("image.jpg")
        #expect(throws: ImagingError.self) {
            try ImageFile.write(Image(width: 1, height: 1, gray8: [0]), path: path)
        }
    }

    @Test func anRGBImageIsNotAMask() throws {
        let image = try ImageFile.read(path: Fixtures.path("fmt_rgb8.png"))
        #expect(throws: ImagingError.self) { try Mask(binarizing: image) }
    }

    // MARK: Hand-made headers

    /// A PNG signature, a valid IHDR chunk (8-bit gray), a 4-byte IDAT and IEND: a header that
    /// promises far more data than follows.
    private func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", bigEndian(width) + bigEndian(height) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + chunk("IEND", [])
    }

    /// A little-endian TIFF with one IFD describing an 8-bit gray image with one tiny strip.
    private func tiffHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func entry(_ tag: UInt16, _ type: UInt16, _ value: UInt32) -> [UInt8] {
            little16(tag) + little16(type) + little32(1) + little32(value)
        }
        let entries: [[UInt8]] = [
            entry(256, 4, width), entry(257, 4, height), entry(258, 3, 8), entry(259, 3, 1), entry(262, 3, 1),
            entry(273, 4, 8), entry(277, 3, 1), entry(278, 4, height), entry(279, 4, 16),
        ]
        return [0x49, 0x49, 0x2A, 0x00] + little32(8 + 16) + [UInt8](repeating: 0, count: 16)
            + little16(UInt16(entries.count)) + entries.flatMap { $0 } + little32(0)
    }
}
