import Datasets
import Imaging
import RandomStreams
import Testing

/// The shapes the ER generator promises: a connected meshwork of thin tubes with loops.
@Suite struct ShapeTests {
    private static func firstTrainingMask(_ kind: SyntheticKind, seed: Seed = 0) throws -> Mask {
        let sample = try SynthesisRequest(
            kind: kind, sizes: SplitSizes(train: 1, val: 0, test: 0), seed: seed
        ).generate()[.train][0]
        return try #require(sample.mask)
    }

    @Test func theERNetworkIsConnectedWithClosedLoops() throws {
        let mask = try Self.firstTrainingMask(.er)
        let tubes = ConnectedComponents(mask, connectivity: .eight)
        // A meshwork: most foreground in one big component...
        let largest = tubes.sizes.max() ?? 0
        #expect(Double(largest) > 0.6 * Double(mask.foregroundCount))
        // ...enclosing background pockets (loops): background components other than the outside.
        let background = Mask(width: mask.width, height: mask.height, pixels: mask.pixels.map { 1 - $0 })
        let pockets = ConnectedComponents(background, connectivity: .four)
        #expect(pockets.count > 20)
    }

    @Test func erTubesAreThin() throws {
        // Thin tubes: eroding twice with a 3x3 element (removing 2 px from each side) leaves
        // almost nothing, as tubes of width up to 4 px should.
        let mask = try Self.firstTrainingMask(.er)
        let eroded = mask.eroded().eroded()
        #expect(Double(eroded.foregroundCount) < 0.05 * Double(mask.foregroundCount))
        #expect(mask.eroded().foregroundCount > 0)
    }
}
