import Foundation
import Imaging
import Testing

@Suite("PNG and TIFF codecs")
struct CodecTests {
    private let scratch = ScratchDirectory()

    static let fixtureFiles = [
        "fmt_gray8.png", "fmt_gray16.png", "fmt_rgb8.png", "fmt_rgb16.png", "fmt_rgba8.png", "fmt_ga8.png",
        "fmt_palette.png", "fmt_gray1.png", "fmt_gray8_none.tif", "fmt_gray16_lzw.tif",
        "fmt_gray16_deflate.tif",
        "fmt_rgb8_deflate.tif", "fmt_rgba8_lzw.tif", "fmt_palette.tif", "fmt_gray16_bigendian.tif",
        "fmt_gray8_miniswhite.tif",
    ]

    @Test(arguments: fixtureFiles)
    func filesWrittenByOpenCVPillowAndTifffileDecodeToTheSameSamples(name: String) throws {
        let formats = try #require(try Fixtures.expected()["formats"] as? [String: [String: Int]])
        let expected = try #require(formats[name])
        let image = try ImageFile.read(path: Fixtures.path(name))
        #expect(image.width == expected["width"])
        #expect(image.height == expected["height"])
        #expect(image.channels == expected["channels"])
        #expect(image.bitDepth.rawValue == expected["bits"])
        let sums = checksum(image.samples)
        #expect(sums.sum == expected["sum"])
        #expect(sums.weighted == expected["weighted"])
    }

    @Test(
        "palette files keep their indices and colour table",
        arguments: ["fmt_palette.png", "fmt_palette.tif"])
    func paletteFilesKeepIndicesAndColours(name: String) throws {
        let colours = try #require(try Fixtures.expected()["formats_palette"] as? [[Int]])
        let image = try ImageFile.read(path: Fixtures.path(name))
        let palette = try #require(image.palette)
        #expect(palette.count >= colours.count)
        for (index, colour) in colours.enumerated() {
            #expect([Int(palette[index].red), Int(palette[index].green), Int(palette[index].blue)] == colour)
        }
    }

    @Test func aChosenTIFFPageIsRead() throws {
        let pages = try #require(try Fixtures.expected()["pages"] as? [[String: Int]])
        let path = try Fixtures.path("fmt_pages.tif")
        #expect(try ImageFile.pageCount(path: path) == 3)
        for (page, expected) in pages.enumerated() {
            let sums = checksum(try ImageFile.read(path: path, page: page).samples)
            #expect(sums.sum == expected["sum"] && sums.weighted == expected["weighted"], "page \(page)")
        }
        #expect(throws: ImagingError.noSuchPage(file: path, page: 3, pages: 3)) {
            try ImageFile.read(path: path, page: 3)
        }
    }

    @Test func aZeroTo255MaskReadsAsZeroOrOne() throws {
        let image = try ImageFile.read(path: Fixtures.path("network_mask.png"))
        #expect(Set(image.samples) == [0, 255])
        let mask = try Mask(binarizing: image)
        #expect(Set(mask.pixels) == [0, 1])
        #expect(mask.foregroundCount == image.samples.filter { $0 == 255 }.count)
        #expect(Image(mask: mask) == image)
    }

    /// Images covering each layout, with samples over the whole range of their bit depth.
    static func sampleImages() -> [(String, Image)] {
        func samples(_ count: Int, maximum: Int) -> [UInt16] {
            (0..<count).map { UInt16(($0 * 7919 + $0 / 3) % (maximum + 1)) }
        }
        let (w, h) = (37, 23)
        return [
            (
                "gray8",
                Image(
                    width: w, height: h, channels: 1, bitDepth: .eight, samples: samples(w * h, maximum: 255))
            ),
            (
                "gray16",
                Image(
                    width: w, height: h, channels: 1, bitDepth: .sixteen,
                    samples: samples(w * h, maximum: 65535))
            ),
            (
                "ga8",
                Image(
                    width: w, height: h, channels: 2, bitDepth: .eight,
                    samples: samples(2 * w * h, maximum: 255))
            ),
            (
                "rgb8",
                Image(
                    width: w, height: h, channels: 3, bitDepth: .eight,
                    samples: samples(3 * w * h, maximum: 255))
            ),
            (
                "rgb16",
                Image(
                    width: w, height: h, channels: 3, bitDepth: .sixteen,
                    samples: samples(3 * w * h, maximum: 65535))
            ),
            (
                "rgba8",
                Image(
                    width: w, height: h, channels: 4, bitDepth: .eight,
                    samples: samples(4 * w * h, maximum: 255))
            ),
            (
                "palette",
                Image(
                    width: w, height: h, channels: 1, bitDepth: .eight, samples: samples(w * h, maximum: 5),
                    palette: (0..<6).map {
                        Image.PaletteEntry(red: UInt8($0 * 40), green: 7, blue: UInt8(255 - $0))
                    })
            ),
        ]
    }

    @Test(arguments: sampleImages().map(\.0))
    func everyLayoutSurvivesAPNGRoundTrip(layout: String) throws {
        let image = try #require(Self.sampleImages().first { $0.0 == layout }?.1)
        let path = scratch.file("\(layout).png")
        try ImageFile.write(image, path: path)
        #expect(try ImageFile.read(path: path) == image)
        #expect(try ImageFile.decodePNG(ImageFile.pngData(image)) == image)
    }

    @Test(
        "every layout survives a TIFF round trip with every compression",
        arguments: sampleImages().map(\.0), ImageFile.TIFFCompression.allCases)
    func tiffRoundTrip(layout: String, compression: ImageFile.TIFFCompression) throws {
        var image = try #require(Self.sampleImages().first { $0.0 == layout }?.1)
        let path = scratch.file("\(layout)-\(compression).tif")
        try ImageFile.write(image, path: path, compression: compression)
        let read = try ImageFile.read(path: path)
        if let palette = image.palette {
            // A TIFF colour map always has 2^bits entries; the first ones are the image's.
            #expect(Array(try #require(read.palette).prefix(palette.count)) == palette)
            image.palette = read.palette
        }
        #expect(read == image)
    }

    @Test func multiPageTIFFsWriteAndReadEveryPage() throws {
        let pages = (0..<3).map { page in
            Image(width: 9, height: 5, gray8: (0..<45).map { UInt8(($0 * (page + 3)) % 256) })
        }
        let path = scratch.file("pages.tiff")
        try ImageFile.write(pages: pages, path: path, compression: .lzw)
        #expect(try ImageFile.pageCount(path: path) == 3)
        for page in 0..<3 {
            #expect(try ImageFile.read(path: path, page: page) == pages[page])
        }
    }

    @Test(
        "masks and label maps round-trip through files as 0/255 and as values",
        arguments: ["mask.png", "mask.tif"])
    func masksAndLabelsRoundTrip(name: String) throws {
        let mask = try Fixtures.mask("blobs_mask.png")
        try ImageFile.write(mask: mask, path: scratch.file(name))
        #expect(Set(try ImageFile.read(path: scratch.file(name)).samples) == [0, 255])
        #expect(try ImageFile.readMask(path: scratch.file(name)) == mask)
        var labels = LabelMap(mask: mask)
        labels[3, 4] = LabelMap.ignore
        labels[5, 6] = 7
        try ImageFile.write(labels: labels, path: scratch.file("labels-" + name))
        #expect(try ImageFile.readLabels(path: scratch.file("labels-" + name)) == labels)
    }

    @Test func sixteenBitAlphaIsRefusedForPNG() throws {
        let image = Image(
            width: 2, height: 2, channels: 2, bitDepth: .sixteen, samples: [1, 2, 3, 4, 5, 6, 7, 8])
        let path = scratch.file("alpha16.png")
        #expect(throws: ImagingError.unsupported(file: path, reason: "16-bit png with alpha")) {
            try ImageFile.write(image, path: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

@Suite("PNG colour-space chunks never change samples")
struct PNGGammaTests {
    /// A PNG chunk with its length and CRC.
    private func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    @Test(
        "a gAMA, sRGB or cHRM chunk leaves the stored samples unchanged",
        arguments: ["gAMA", "sRGB", "cHRM"], ["fmt_gray8.png", "fmt_gray16.png", "fmt_rgb8.png"])
    func colourSpaceChunksAreIgnored(type: String, name: String) throws {
        let path = try Fixtures.path(name)
        let original = try ImageFile.read(path: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let data: [UInt8] =
            switch type {
            case "gAMA": bigEndian(100_000)  // gamma 1.0: linear
            case "sRGB": [0]
            default:
                [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000].flatMap { bigEndian(UInt32($0)) }
            }
        // After the signature (8 bytes) and IHDR (25 bytes).
        let tagged = Array(bytes[..<33]) + chunk(type, data) + Array(bytes[33...])
        #expect(tagged.count == bytes.count + 12 + data.count)
        let decoded = try ImageFile.decodePNG(tagged, name: name)
        let unchanged = decoded == original  // compared outside #expect: a failure prints no pixel dump
        #expect(unchanged, "\(type) changed the samples of \(name)")
    }
}
