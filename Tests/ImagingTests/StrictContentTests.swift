import Imaging
import Testing

/// `Mask(strictlyBinary:)` and `LabelMap(binaryTruth:)`: which files count as binary masks and
/// binary ground truths, for the commands that must refuse anything else.
@Suite struct StrictContentTests {
    private func gray(_ samples: [UInt16], bitDepth: Image.BitDepth = .eight) -> Image {
        Image(width: samples.count, height: 1, channels: 1, bitDepth: bitDepth, samples: samples)
    }

    @Test func distinctValuesAreSortedAndStopPastTheLimit() throws {
        #expect(try gray([7, 0, 7, 3]).distinctValues(upTo: 5) == [0, 3, 7])
        #expect(try gray([9, 8, 7, 6, 5]).distinctValues(upTo: 2) == [7, 8, 9])
        #expect(throws: ImagingError.self) {
            try Image(width: 1, height: 1, channels: 3, bitDepth: .eight, samples: [1, 2, 3])
                .distinctValues(upTo: 2)
        }
    }

    @Test(
        "zero and one other value make a binary mask",
        arguments: [[0, 1, 1, 0], [0, 255, 0, 0], [0, 65535, 65535, 0], [0, 0, 0, 0], [40, 40, 40, 40]])
    func twoLevelImagesAreBinaryMasks(samples: [UInt16]) throws {
        let image = gray(samples, bitDepth: samples.contains { $0 > 255 } ? .sixteen : .eight)
        let mask = try Mask(strictlyBinary: image)
        #expect(mask.pixels == samples.map { $0 == 0 ? 0 : 1 })
    }

    @Test func aMaskWithTwoForegroundLevelsIsRefusedWithItsValues() throws {
        #expect(
            throws: ImagingError.invalidContent(
                reason:
                    "not a binary mask: it holds at least 3 values (0, 1, 255) where a mask holds 0 and at most one other value"
            )
        ) {
            try Mask(strictlyBinary: gray([0, 1, 255, 0]))
        }
        #expect(throws: ImagingError.self) { try Mask(strictlyBinary: gray([3, 9])) }
    }

    @Test func zeroOneTruthKeeps255AsIgnored() throws {
        let truth = try LabelMap(binaryTruth: gray([0, 1, 255, 1]))
        #expect(truth.labels == [0, 1, LabelMap.ignore, 1])
    }

    @Test func aZeroTo255TruthIsAMaskWithNothingIgnored() throws {
        #expect(try LabelMap(binaryTruth: gray([0, 255, 255, 0])).labels == [0, 1, 1, 0])
        #expect(try LabelMap(binaryTruth: gray([0, 65535], bitDepth: .sixteen)).labels == [0, 1])
        #expect(try LabelMap(binaryTruth: gray([0, 0])).labels == [0, 0])
    }

    @Test func aTruthWithThreeLevelsOrAClassLabelIsRefused() throws {
        #expect(throws: ImagingError.self) { try LabelMap(binaryTruth: gray([0, 1, 2])) }
        #expect(throws: ImagingError.self) { try LabelMap(binaryTruth: gray([0, 128, 255])) }
    }
}
