import Foundation
import Imaging
import TestSupport
import Testing

/// The JPEG decoder (libjpeg-turbo through CJPEG) against Pillow's decode of the same files
/// (Fixtures/make_scene_fixtures.py): the VOC fixture's JPEGs, one the real VOC example, the others
/// baseline 4:2:0, progressive 4:4:4 and gray. Both sides use libjpeg-turbo's default accurate
/// integer DCT and smooth upsampling, and agree sample for sample.
@Suite struct JPEGDecodeTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    /// The checksum the fixture script computes: Σ (i mod 65521 + 1)·sample over the decoded bytes.
    static func checksum(_ image: Image) -> Int {
        image.samples.enumerated().reduce(0) { $0 + ($1.offset % 65521 + 1) * Int($1.element) }
    }

    @Test func everyFixtureJPEGDecodesAsPillowDecodesIt() throws {
        let expected = try SceneImportTests.expected().voc.jpegs
        #expect(expected.count == 4)
        for (stem, jpeg) in expected {
            let path = try Self.fixture("voc/JPEGImages/\(stem).jpg")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(ImageFile.format(of: bytes) == .jpeg)
            let image = try ImageFile.read(path: path)
            #expect([image.width, image.height] == jpeg.size, "\(stem)")
            #expect(image.channels == jpeg.channels && image.bitDepth == .eight, "\(stem)")
            let sums = (0..<image.channels).map { channel in
                stride(from: channel, to: image.samples.count, by: image.channels).reduce(0) {
                    $0 + Int(image.samples[$1])
                }
            }
            #expect(sums == jpeg.channelSums, "\(stem)")
            #expect(Self.checksum(image) == jpeg.checksum, "\(stem) differs from Pillow's decode")
        }
    }

    @Test(arguments: ["2007_000002", "2007_000003", "2007_000004"])
    func samplesEqualPillowsDecodeExactly(_ stem: String) throws {
        let decoded = try ImageFile.read(path: Self.fixture("voc/JPEGImages/\(stem).jpg"))
        let reference = try ImageFile.read(path: Self.fixture("jpeg_reference/\(stem).png"))
        #expect(decoded.channels == reference.channels)
        let largest = zip(decoded.samples, reference.samples).map { abs(Int($0) - Int($1)) }.max()
        #expect(largest == 0)
    }

    @Test func cmykIsRefusedNamingTheFile() throws {
        let path = try Self.fixture("jpeg_reference/cmyk.jpg")
        #expect(throws: ImagingError.unsupported(file: path, reason: "cmyk jpeg (convert it to rgb first)")) {
            try ImageFile.read(path: path)
        }
    }

    @Test func aTruncatedJPEGIsCorruptNotPaddedWithGray() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("cut.jpg")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("voc/JPEGImages/2007_000001.jpg")))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect {
            try ImageFile.read(path: path)
        } throws: { error in
            guard case .corrupt(let file, let reason) = error as? ImagingError else { return false }
            return file == path && reason.contains("premature end")
        }
        try Data(bytes.prefix(3)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ImagingError.self) { try ImageFile.read(path: path) }
    }

    /// A header that claims 65000×65000 pixels is refused before any pixel buffer is allocated.
    @Test func anOversizedHeaderIsRefusedBeforeDecoding() throws {
        var bytes = [UInt8](
            try Data(contentsOf: URL(fileURLWithPath: Self.fixture("voc/JPEGImages/2007_000003.jpg"))))
        let frame = try #require(
            (0..<(bytes.count - 1)).first {
                bytes[$0] == 0xFF && (bytes[$0 + 1] == 0xC0 || bytes[$0 + 1] == 0xC2)
            })
        for offset in [frame + 5, frame + 7] {
            bytes[offset] = 0xFD
            bytes[offset + 1] = 0xE8
        }
        let directory = try TemporaryDirectory()
        let path = directory.path("huge.jpg")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: ImagingError.tooLarge(
                file: path, width: 65000, height: 65000, limit: ImageLimits.maxPixels)
        ) {
            try ImageFile.read(path: path)
        }
    }
}
