import Imaging
import Jobs
import Testing

/// `Normalization`: per-channel and whole-image z-scores, checked against means and deviations
/// computed here plane by plane.
@Suite struct NormalizationTests {
    /// A 3×2 colour image whose channels sit at very different levels and spreads.
    static let colour = Image(
        width: 3, height: 2, channels: 3, bitDepth: .eight,
        samples: [
            10, 200, 0, 20, 210, 0, 30, 220, 0,
            40, 230, 255, 50, 240, 255, 60, 250, 0,
        ])

    /// Mean and population deviation of `values`.
    static func moments(_ values: some Collection<Float>) -> (mean: Double, deviation: Double) {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance =
            values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func perChannelGivesEveryPlaneZeroMeanAndUnitDeviation() {
        let planar = Normalization.channel.planarZScores(of: Self.colour)
        #expect(planar.count == 18)
        for channel in 0..<3 {
            let plane = planar[channel * 6..<(channel + 1) * 6]
            let (mean, deviation) = Self.moments(plane)
            #expect(abs(mean) < 1e-6, "channel \(channel) mean \(mean)")
            #expect(abs(deviation - 1) < 1e-6, "channel \(channel) deviation \(deviation)")
        }
        // Red is 10…60 in steps of 10: mean 35, deviation √(1750/6).
        let red = planar[0..<6].map(Double.init)
        let expected = [10.0, 20, 30, 40, 50, 60].map { ($0 - 35) / (1750.0 / 6).squareRoot() }
        for (value, want) in zip(red, expected) { #expect(abs(value - want) < 1e-6) }
    }

    @Test func theWholeImageRuleSharesOneMeanSoPlanesKeepTheirLevels() {
        let planar = Normalization.image.planarZScores(of: Self.colour)
        let (mean, deviation) = Self.moments(planar)
        #expect(abs(mean) < 1e-6)
        #expect(abs(deviation - 1) < 1e-6)
        let redMean = Self.moments(planar[0..<6]).mean
        let greenMean = Self.moments(planar[6..<12]).mean
        #expect(redMean < -0.5 && greenMean > 0.5, "red \(redMean), green \(greenMean)")
    }

    @Test func onOneChannelBothRulesComputeTheSameBits() {
        let gray = Image(
            width: 4, height: 3, gray8: [3, 9, 27, 81, 243, 1, 2, 4, 8, 16, 32, 64])
        let image = Normalization.image.planarZScores(of: gray)
        let channel = Normalization.channel.planarZScores(of: gray)
        #expect(image.map(\.bitPattern) == channel.map(\.bitPattern))
    }

    @Test func aConstantChannelBecomesZerosAndTheRuleSuitsTheChannelCount() {
        let planar = Normalization.channel.planarZScores(of: Self.colour)
        let blue = Self.moments(planar[12..<18])
        #expect(blue.deviation > 0)
        let flat = Image(
            width: 2, height: 1, channels: 3, bitDepth: .eight, samples: [5, 0, 7, 5, 255, 7])
        let zeros = Normalization.channel.planarZScores(of: flat)
        #expect(zeros[0..<2].allSatisfy { $0 == 0 } && zeros[4..<6].allSatisfy { $0 == 0 })
        #expect(zeros[2] == -1 && zeros[3] == 1)
        #expect(Normalization.suited(toChannels: 1) == .image)
        #expect(Normalization.suited(toChannels: 3) == .channel)
    }
}
