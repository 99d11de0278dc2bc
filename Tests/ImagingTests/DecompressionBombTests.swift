import Foundation
import Imaging
import TestSupport
import Testing

/// Files whose headers promise absurd sizes, and a small file that really inflates beyond 1 GiB,
/// are refused from the header, with a clear error, before the pixel buffer is allocated.
@Suite(.serialized) struct DecompressionBombTests {
    let scratch = ScratchDirectory()

    /// Runs `body` and requires that the process's peak resident size grew by less than 64 MiB.
    func withoutLargeAllocation(_ what: String, _ body: () throws -> Void) rethrows {
        let before = Fuzz.peakResidentBytes()
        try body()
        let grown = Fuzz.peakResidentBytes() - before
        #expect(grown < 64 << 20, "\(what): peak resident size grew by \(grown) bytes")
    }

    @Test func aPNGDeclaring100000By100000PixelsIsRefusedFromItsHeader() throws {
        let bytes = PNGBytes.file(
            width: 100_000, height: 100_000, depth: 8, colourType: 0,
            data: PNGBytes.zeroStream(inflatingTo: 1000))
        withoutLargeAllocation("png header") {
            #expect(
                throws: ImagingError.tooLarge(
                    file: "huge.png", width: 100_000, height: 100_000, limit: 1 << 28)
            ) {
                try ImageFile.decodePNG(bytes, name: "huge.png")
            }
        }
    }

    @Test func aPNGWithinThePixelLimitButWithTooLittleDataIsRefusedBeforeAllocating() throws {
        // 16000 × 16000 gray is under the pixel limit (256 Mi samples, 512 MiB as UInt16) but its
        // 1 KB of data cannot inflate to 256 MB: refused without allocating the buffer.
        let bytes = PNGBytes.file(
            width: 16_000, height: 16_000, depth: 8, colourType: 0,
            data: PNGBytes.zeroStream(inflatingTo: 1000))
        withoutLargeAllocation("short png") {
            let error = #expect(throws: ImagingError.self) {
                try ImageFile.decodePNG(bytes, name: "short.png")
            }
            #expect(error?.description.contains("cannot hold the 16000x16000 pixels") == true)
        }
    }

    @Test func aOneMegabytePNGThatInflatesBeyondOneGibibyteIsRefused() throws {
        // 16384 × 16384 RGBA: 2^28 pixels (at the pixel limit), 1 GiB of raw rows plus filter bytes.
        let width = 16_384
        let raw = width * (1 + 4 * width)
        let stream = PNGBytes.zeroStream(inflatingTo: raw)
        #expect(stream.count < 1_100_000)
        let bytes = PNGBytes.file(
            width: UInt32(width), height: UInt32(width), depth: 8, colourType: 6, data: stream)
        withoutLargeAllocation("png bomb") {
            #expect(
                throws: ImagingError.tooLargeDecoded(
                    file: "bomb.png", bytes: width * width * 4 * 2, limit: ImageLimits.maxDecodedBytes)
            ) {
                try ImageFile.decodePNG(bytes, name: "bomb.png")
            }
        }
    }

    @Test func theBombStreamIsAValidDeflateStream() throws {
        // The same construction at a decodable size decodes to zeros: the bomb above is real.
        let width = 300
        let bytes = PNGBytes.file(
            width: UInt32(width), height: 200, depth: 8, colourType: 0,
            data: PNGBytes.zeroStream(inflatingTo: 200 * (1 + width)))
        let image = try ImageFile.decodePNG(bytes)
        #expect(image.width == width && image.height == 200)
        #expect(image.samples.allSatisfy { $0 == 0 })
    }

    /// A little-endian TIFF with one IFD of the given entries (tag, type, count, value).
    static func tiff(_ entries: [(UInt16, UInt16, UInt32, UInt32)]) -> [UInt8] {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        var bytes: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + le32(8) + le16(UInt16(entries.count))
        for (tag, type, count, value) in entries.sorted(by: { $0.0 < $1.0 }) {
            bytes += le16(tag) + le16(type) + le32(count)
            bytes += type == 3 ? le16(UInt16(truncatingIfNeeded: value)) + [0, 0] : le32(value)
        }
        return bytes + le32(0) + [UInt8](repeating: 0, count: 64)
    }

    @Test(arguments: [(100_000, 100_000, 1), (16_384, 16_384, 4), (16_000, 16_000, 1)])
    func aTIFFWithAbsurdDimensionsIsRefusedWithoutAllocating(_ width: Int, _ height: Int, _ channels: Int)
        throws
    {
        let bytes = Self.tiff([
            (256, 4, 1, UInt32(width)), (257, 4, 1, UInt32(height)), (258, 3, 1, 8), (259, 3, 1, 1),
            (262, 3, 1, channels == 1 ? 1 : 2), (273, 4, 1, 200), (277, 3, 1, UInt32(channels)),
            (278, 4, 1, UInt32(height)), (279, 4, 1, UInt32(truncatingIfNeeded: width * height * channels)),
        ])
        let path = scratch.file("huge-\(width)-\(channels).tif")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        withoutLargeAllocation("tiff \(width)x\(height)x\(channels)") {
            let error = #expect(throws: ImagingError.self) { try ImageFile.read(path: path) }
            #expect(
                error?.description.contains("refusing to allocate") == true
                    || error?.description.contains("corrupt") == true,
                "\(String(describing: error))")
        }
    }
}
