import Imaging
import LabelNoise
import RandomStreams
import Testing

@Suite struct NoiseTransitionMatrixTests {
    @Test func aHandMadePairGivesTheCountedFractionsWithIgnoredPixelsLeftOut() throws {
        // Clean and noisy, 4x2; the last column is ignored in one label or the other.
        let clean = LabelMap(width: 4, height: 2, labels: [0, 0, 1, 255, 1, 1, 0, 1])
        let noisy = LabelMap(width: 4, height: 2, labels: [0, 1, 1, 0, 0, 1, 0, 255])
        let ntm = try NoiseTransitionMatrix(clean: clean, noisy: noisy)
        #expect(ntm.classes == 2)
        #expect(ntm.counts == [[2, 1], [1, 2]])
        let third = 1.0 / 3
        let twoThirds = 2.0 / 3
        let expected: [[Double]] = [[twoThirds, third], [third, twoThirds]]
        #expect(ntm.matrix == expected)
        // Singular values of [[2,1],[1,2]]/3: 1 and 1/3.
        #expect(abs(ntm.singularValues[0] - 1) < 1e-14)
        #expect(abs(ntm.singularValues[1] - 1.0 / 3) < 1e-14)
        #expect(ntm.rank(tolerance: 1e-12) == 2)
        #expect(ntm.rank(tolerance: 0.5) == 1)
    }

    @Test func threeClassesWithAnAbsentCleanClassGiveAZeroRow() throws {
        let clean = LabelMap(width: 3, height: 2, labels: [0, 0, 0, 2, 2, 2])
        let noisy = LabelMap(width: 3, height: 2, labels: [0, 2, 0, 1, 2, 2])
        let ntm = try NoiseTransitionMatrix(clean: clean, noisy: noisy)
        #expect(ntm.classes == 3)
        #expect(ntm.counts == [[2, 0, 1], [0, 0, 0], [0, 1, 2]])
        let third = 1.0 / 3
        let twoThirds = 2.0 / 3
        let expected: [[Double]] = [[twoThirds, 0, third], [0, 0, 0], [0, third, twoThirds]]
        #expect(ntm.matrix == expected)
        #expect(ntm.rank(tolerance: 1e-12) == 2)
        let wider = try NoiseTransitionMatrix(clean: clean, noisy: noisy, classes: 5)
        #expect(wider.matrix.count == 5 && wider.matrix[4] == [0, 0, 0, 0, 0])
    }

    @Test func singularValuesMatchHandComputedOnes() throws {
        // [[3,0],[4,5]]: AᵀA = [[25,20],[20,25]], eigenvalues 45 and 5.
        let clean = LabelMap(width: 12, height: 1, labels: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        let noisy = LabelMap(width: 12, height: 1, labels: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        let ntm = try NoiseTransitionMatrix(clean: clean, noisy: noisy)
        #expect(ntm.counts == [[3, 0], [4, 5]])
        // The rows are normalised: [[1, 0], [4/9, 5/9]]; det = 5/9, ‖·‖F² = 1 + 41/81.
        let product = ntm.singularValues[0] * ntm.singularValues[1]
        let squares = ntm.singularValues.reduce(0) { $0 + $1 * $1 }
        #expect(abs(product - 5.0 / 9) < 1e-14)
        #expect(abs(squares - (1 + 41.0 / 81)) < 1e-14)
    }

    @Test func mismatchedSizesAndLabelsOutsideTheClassesAreRefused() {
        let clean = LabelMap(width: 4, height: 3, labels: [UInt8](repeating: 0, count: 12))
        let noisy = LabelMap(width: 3, height: 4, labels: [UInt8](repeating: 0, count: 12))
        #expect(
            throws: LabelNoiseError.sizeMismatch(cleanWidth: 4, cleanHeight: 3, noisyWidth: 3, noisyHeight: 4)
        ) {
            try NoiseTransitionMatrix(clean: clean, noisy: noisy)
        }
        let three = LabelMap(width: 3, height: 1, labels: [0, 1, 2])
        #expect(throws: LabelNoiseError.notBinary(value: 2)) {
            try NoiseTransitionMatrix(clean: three, noisy: three, classes: 2)
        }
        #expect(throws: LabelNoiseError.invalidClassCount(1)) {
            try NoiseTransitionMatrix(clean: three, noisy: three, classes: 1)
        }
    }

    // MARK: Lemma 2

    static let size = (width: 128, height: 96)

    @Test(arguments: [0.1, 0.3, 0.5, 0.9])
    func samplingKeepsFullRank(p: Double) throws {
        let mask = LabelMap(mask: TestLabels.mask(width: Self.size.width, height: Self.size.height))
        for unsampled in RandomSampling.Unsampled.allCases {
            let noisy = try NoiseRecipe.sampling(RandomSampling(p: p, unsampled: unsampled)).apply(
                to: mask, seed: 1)
            #expect(try NoiseTransitionMatrix(clean: mask, noisy: noisy).rank == 2, "\(unsampled)")
        }
        let multi = TestLabels.multiClass(width: Self.size.width, height: Self.size.height, classes: 5)
        let noisy = try NoiseRecipe.sampling(RandomSampling(p: p)).apply(to: multi, seed: 1)
        #expect(try NoiseTransitionMatrix(clean: multi, noisy: noisy).rank == 5)
    }

    @Test(arguments: [0.1, 0.3, 0.45])
    func flippingKeepsFullRank(p: Double) throws {
        let mask = LabelMap(mask: TestLabels.mask(width: Self.size.width, height: Self.size.height))
        let noisy = try NoiseRecipe.flipping(RandomFlipping(p: p)).apply(to: mask, seed: 2)
        let ntm = try NoiseTransitionMatrix(clean: mask, noisy: noisy)
        #expect(ntm.rank == 2)
        // Exact counts: every row is (1 − p, p) up to the rounding of one pixel.
        #expect(abs(ntm.matrix[0][1] - p) < 1e-3 && abs(ntm.matrix[1][0] - p) < 1e-3)
        let multi = TestLabels.multiClass(width: Self.size.width, height: Self.size.height, classes: 4)
        let flipped = try NoiseRecipe.flipping(RandomFlipping(p: p, classes: 4)).apply(to: multi, seed: 2)
        #expect(try NoiseTransitionMatrix(clean: multi, noisy: flipped).rank == 4)
    }

    @Test(arguments: [0.1, 0.3, 0.5])
    func generationHasRankOne(p: Double) throws {
        let mask = LabelMap(mask: TestLabels.mask(width: Self.size.width, height: Self.size.height))
        for seed: UInt64 in 0..<5 {
            let noisy = try NoiseRecipe.generation(RandomGeneration(p: p)).apply(
                to: mask, seed: Seed(integerLiteral: Int64(seed)))
            let ntm = try NoiseTransitionMatrix(clean: mask, noisy: noisy)
            #expect(ntm.rank == 1, "seed \(seed): \(ntm.singularValues), tolerance \(ntm.rankTolerance)")
            // In floating point alone the estimate has full rank: sampling noise separates the rows.
            #expect(ntm.rank(tolerance: 1e-12) == 2)
        }
    }

    /// Figure 6's setting: a 256×256 circle inside a rectangle (drawn as a filled disk and a
    /// 3-pixel rectangle outline); random sampling and flipping read as rank 2 and random labels
    /// as rank 1 for every seed tried.
    @Test func theCircleInRectangleToyReadsAsLemmaTwoSays() throws {
        var mask = Mask(width: 256, height: 256)
        for y in 0..<256 {
            for x in 0..<256 {
                let inDisk = (x - 128) * (x - 128) + (y - 128) * (y - 128) <= 50 * 50
                let onRectangle =
                    (32..<224).contains(x) && (48..<208).contains(y)
                    && (x < 35 || x >= 221 || y < 51 || y >= 205)
                if inDisk || onRectangle { mask[x, y] = 1 }
            }
        }
        let clean = LabelMap(mask: mask)
        for seed: UInt64 in 0..<10 {
            for recipe in [
                NoiseRecipe.sampling(try RandomSampling(p: 0.1)), .flipping(try RandomFlipping(p: 0.4)),
            ] {
                let noisy = try recipe.apply(to: clean, seed: Seed(integerLiteral: Int64(seed)))
                #expect(
                    try NoiseTransitionMatrix(clean: clean, noisy: noisy).rank == 2, "\(recipe) seed \(seed)")
            }
            for p in [0.1, 0.3, 0.5] {
                let noisy = try NoiseRecipe.generation(RandomGeneration(p: p)).apply(
                    to: clean, seed: Seed(integerLiteral: Int64(seed)))
                let ntm = try NoiseTransitionMatrix(clean: clean, noisy: noisy)
                #expect(ntm.rank == 1, "p \(p) seed \(seed): \(ntm.singularValues) vs \(ntm.rankTolerance)")
            }
        }
    }

    @Test func theIdentityAndAConstantLabelHaveRanksTwoAndOne() throws {
        let mask = LabelMap(mask: TestLabels.mask())
        #expect(try NoiseTransitionMatrix(clean: mask, noisy: mask).rank == 2)
        let empty = LabelMap(
            width: mask.width, height: mask.height, labels: [UInt8](repeating: 0, count: mask.labels.count))
        let ntm = try NoiseTransitionMatrix(clean: mask, noisy: empty)
        #expect(ntm.matrix == [[1, 0], [1, 0]])
        #expect(ntm.rank == 1)
    }
}
