import Imaging
import Testing

@Suite struct CanonicalEncodingTests {
    @Test func aTinyLabelMapEncodesToTheDocumentedBytes() {
        let labels = LabelMap(width: 2, height: 1, labels: [0, 255])
        let expected: [UInt8] = Array("MSDBLBL1".utf8) + [2, 0, 0, 0, 1, 0, 0, 0, 0, 255]
        #expect(labels.canonicalBytes == expected)
        #expect(
            Mask(width: 2, height: 1, pixels: [1, 0]).canonicalBytes == Array("MSDBLBL1".utf8) + [
                2, 0, 0, 0, 1, 0, 0, 0, 1, 0,
            ])
    }

    @Test func labelsAndImagesRoundTrip() throws {
        let labels = LabelMap(width: 3, height: 2, labels: [0, 1, 2, 3, 255, 0])
        #expect(try LabelMap(canonicalBytes: labels.canonicalBytes) == labels)
        let sixteen = Image(
            width: 2, height: 2, channels: 1, bitDepth: .sixteen, samples: [0, 1, 65535, 258])
        #expect(try Image(canonicalBytes: sixteen.canonicalBytes) == sixteen)
        // 16-bit samples are little-endian u16 after the 18-byte header.
        #expect(Array(sixteen.canonicalBytes[18...]) == [0, 0, 1, 0, 255, 255, 2, 1])
        let rgb = Image(width: 1, height: 2, channels: 3, bitDepth: .eight, samples: [1, 2, 3, 4, 5, 6])
        #expect(try Image(canonicalBytes: rgb.canonicalBytes) == rgb)
    }

    @Test func aPaletteImageHasTheIDOfItsRGBExpansion() {
        let palette = [
            Image.PaletteEntry(red: 10, green: 20, blue: 30), Image.PaletteEntry(red: 1, green: 2, blue: 3),
        ]
        let indexed = Image(
            width: 2, height: 1, channels: 1, bitDepth: .eight, samples: [1, 0], palette: palette)
        let rgb = Image(width: 2, height: 1, channels: 3, bitDepth: .eight, samples: [1, 2, 3, 10, 20, 30])
        #expect(indexed.canonicalBytes == rgb.canonicalBytes)
    }

    @Test func kdeMapsRoundTripWithTheirBandwidth() throws {
        let density = Plane(width: 2, height: 1, values: [0.25, 0.75])
        let decoded = try KDEMap.decode(canonicalBytes: KDEMap.canonicalBytes(of: density, bandwidth: 3.5))
        #expect(decoded.density == density)
        #expect(decoded.bandwidth == 3.5)
    }

    @Test func damagedEncodingsAreRefused() {
        let good = LabelMap(width: 4, height: 4, labels: Array(repeating: 1, count: 16)).canonicalBytes
        #expect(throws: ImagingError.self) { try LabelMap(canonicalBytes: Array(good.dropLast())) }
        #expect(throws: ImagingError.self) { try LabelMap(canonicalBytes: good + [0]) }
        #expect(throws: ImagingError.self) {
            try LabelMap(canonicalBytes: Array("MSDBIMG1".utf8) + good.dropFirst(8))
        }
        #expect(throws: ImagingError.self) { try LabelMap(canonicalBytes: []) }
        // A header claiming 65535 × 65535 pixels is refused before anything is allocated.
        let absurd = Array("MSDBLBL1".utf8) + [255, 255, 0, 0, 255, 255, 0, 0]
        #expect(throws: ImagingError.self) { try LabelMap(canonicalBytes: absurd) }
        #expect(throws: ImagingError.self) {
            try Image(canonicalBytes: Array("MSDBIMG1".utf8) + [1, 0, 0, 0, 1, 0, 0, 0, 9, 8, 0])
        }
    }
}
