import Imaging
import Reproduction
import Testing

/// How the figures draw stored images: colour stays colour, gray stays gray, both stretched.
@Suite struct FigurePictureTests {
    @Test func aColourImageIsDrawnInRGBStretchedOverOneRangeAndLosesItsAlpha() {
        // Two RGBA pixels: dark red and a brighter blue, alpha ignored.
        let image = Image(
            width: 2, height: 1, channels: 4, bitDepth: .sixteen,
            samples: [1000, 0, 0, 65535, 0, 500, 2000, 7])
        let shown = FigurePicture.display(image)
        #expect(shown.channels == 3)
        #expect(shown.bitDepth == .eight)
        // One range 0…2000 for all three channels: 1000 → 128 (127.5 rounded), 500 → 64, 2000 → 255.
        #expect(shown.samples == [128, 0, 0, 0, 64, 255])
    }

    @Test func aSingleChannelImageIsDrawnAsStretchedGray() {
        let image = Image(width: 3, height: 1, gray8: [10, 20, 30])
        let shown = FigurePicture.display(image)
        #expect(shown.channels == 1)
        #expect(shown.samples == [0, 128, 255])
        #expect(shown == FigurePicture.gray(image))
    }
}
