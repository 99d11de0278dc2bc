import LabelNoise
import Testing

@Suite struct NoiseCountTests {
    @Test(arguments: [
        (0.1, 100, 10), (0.7, 10, 7), (0.3, 10, 3), (0.25, 10, 3), (0.3, 7, 3), (0.0, 50, 0), (1.0, 50, 50),
        (0.5, 0, 0), (0.001, 1, 1),
    ])
    func samplingKeepsTheCeilingOfPTimesN(p: Double, count: Int, expected: Int) {
        #expect(NoiseCount.kept(fraction: p, of: count) == expected)
    }

    @Test(arguments: [
        (0.1, 100, 10), (0.7, 10, 7), (0.3, 10, 3), (0.25, 10, 2), (0.3, 7, 2), (0.0, 50, 0), (1.0, 50, 50),
        (0.49, 1000, 490), (0.999, 1, 0),
    ])
    func flippingFlipsTheFloorOfPTimesN(p: Double, count: Int, expected: Int) {
        #expect(NoiseCount.flipped(fraction: p, of: count) == expected)
    }

    @Test func flippingPFlipsWhatSamplingOneMinusPLeavesOut() {
        for count in [0, 1, 7, 10, 99, 1000, 4097] {
            for step in 0...20 {
                let p = Double(step) / 20
                #expect(
                    NoiseCount.flipped(fraction: p, of: count) == count
                        - NoiseCount.kept(fraction: 1 - p, of: count),
                    "p=\(p) N=\(count)")
            }
        }
    }
}
