import RandomStreams
import Testing

struct RandomStreamTests {
    // MARK: Golden values (from Fixtures/random_stream_golden.py, an independent implementation)

    @Test func theStreamDerivationReproducesTheDocumentedGoldenWords() {
        #expect(RandomStream.fnv1a64("noise") == 0x6c09_2771_d207_68d1)
        var noise = RandomStream(seed: 42, stream: "noise")
        let words = (0..<4).map { _ in noise.next() }
        #expect(
            words == [
                0x6ebe_12a8_0def_4f3a, 0xc025_4e59_ddc5_0b6d, 0xdf4d_a6cb_490d_937d, 0x6aec_033f_dc62_8119,
            ])
        var initial = RandomStream(seed: 0, stream: "init")
        #expect([initial.next(), initial.next()] == [0x91cb_298c_7db3_fb23, 0x73dc_1853_0c8d_a9bc])
    }

    @Test func integerShuffleAndSampleDrawsReproduceTheGoldenValues() {
        var stream = RandomStream(seed: 42, stream: "shuffle")
        #expect((0..<8).map { _ in stream.nextInt(below: 10) } == [0, 7, 3, 1, 4, 7, 0, 1])
        var items = Array(0..<8)
        stream.shuffle(&items)
        #expect(items == [2, 5, 1, 0, 3, 7, 6, 4])
        #expect(stream.sample(5, from: 100) == [88, 30, 68, 40, 73])
    }

    @Test func floatAndNormalDrawsReproduceTheGoldenValues() {
        var stream = RandomStream(seed: 7, stream: "ems").substream("3")
        #expect(stream.name == "ems/3")
        #expect(
            (0..<3).map { _ in stream.nextFloat() } == [
                0.032157182693481445, 0.9199467897415161, 0.9135404825210571,
            ])
        // Python's math.log/cos and Swift's both call glibc; allow 1e-15 for a different libm.
        let normals = (0..<3).map { _ in stream.nextNormal() }
        let expected = [-0.9285929253067846, -0.8443725337986787, 0.22966453020844932]
        #expect(normals.count == expected.count)
        for (index, (actual, reference)) in zip(normals, expected).enumerated() {
            #expect(
                abs(actual - reference) <= 1e-15 + 1e-15 * max(abs(actual), abs(reference)),
                "normal \(index): \(actual), expected \(reference)")
        }
    }

    // MARK: Determinism and independence

    @Test func theSameSeedAndNameGiveTheSameSequence() {
        var a = RandomStream(seed: 123, stream: "init")
        var b = RandomStream(seed: 123, stream: "init")
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        #expect(a == b)
    }

    @Test func aDifferentSeedOrNameGivesADifferentSequence() {
        var base = RandomStream(seed: 1, stream: "noise")
        var otherSeed = RandomStream(seed: 2, stream: "noise")
        var otherName = RandomStream(seed: 1, stream: "noisf")
        let reference = (0..<4).map { _ in base.next() }
        #expect((0..<4).map { _ in otherSeed.next() } != reference)
        #expect((0..<4).map { _ in otherName.next() } != reference)
    }

    @Test func drawsFromOneStreamDoNotShiftAnother() {
        var noise = RandomStream(seed: 9, stream: "noise")
        let expected = { () -> [UInt64] in
            var fresh = RandomStream(seed: 9, stream: "init")
            return (0..<10).map { _ in fresh.next() }
        }()
        for _ in 0..<37 {
            _ = noise.next()
        }
        var initial = RandomStream(seed: 9, stream: "init")
        #expect((0..<10).map { _ in initial.next() } == expected)
        // A substream does not depend on how far its parent has advanced.
        #expect(noise.substream("a") == RandomStream(seed: 9, stream: "noise/a"))
    }

    @Test(arguments: [("noise", "init"), ("ems/0", "ems/1"), ("shuffle", "shuffle/0")])
    func streamsOfOneSeedAreUncorrelated(first: String, second: String) {
        var a = RandomStream(seed: 2022, stream: first)
        var b = RandomStream(seed: 2022, stream: second)
        let count = 20_000
        var sumA = 0.0
        var sumB = 0.0
        var sumAB = 0.0
        for _ in 0..<count {
            let x = a.nextDouble() - 0.5
            let y = b.nextDouble() - 0.5
            sumA += x
            sumB += y
            sumAB += x * y
        }
        // Pearson correlation of independent uniforms has standard deviation 1/√n ≈ 0.007; bound 5σ.
        let n = Double(count)
        let covariance = sumAB / n - (sumA / n) * (sumB / n)
        let correlation = covariance / (1.0 / 12.0)
        #expect(abs(correlation) < 5 / n.squareRoot())
    }

    // MARK: Statistics (fixed seeds, so deterministic; bounds are 5 standard errors)

    @Test func uniformDoublesAndFloatsHaveMeanOneHalfAndStayInTheUnitInterval() {
        var stream = RandomStream(seed: 5, stream: "stats")
        let count = 100_000
        var total = 0.0
        for _ in 0..<count {
            let value = stream.nextDouble()
            #expect(value >= 0 && value < 1)
            total += value
        }
        // Standard error of the mean: √(1/12 / n) ≈ 0.00091.
        #expect(abs(total / Double(count) - 0.5) < 5 * (1.0 / 12.0 / Double(count)).squareRoot())
        let floats = (0..<1000).map { _ in stream.nextFloat(in: -2..<3) }
        #expect(floats.allSatisfy { $0 >= -2 && $0 < 3 })
    }

    @Test func normalDrawsHaveMeanZeroAndVarianceOne() {
        var stream = RandomStream(seed: 6, stream: "stats")
        let count = 100_000
        var total = 0.0
        var squares = 0.0
        for _ in 0..<count {
            let value = stream.nextNormal()
            total += value
            squares += value * value
        }
        let mean = total / Double(count)
        let variance = squares / Double(count) - mean * mean
        // Standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045.
        #expect(abs(mean) < 5 / Double(count).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(count)).squareRoot())
    }

    @Test func boundedIntegersHaveNoModuloBias() {
        // With bound b = 3·2⁶¹, 2⁶⁴ = 2b + 2·2⁶¹, so `next() % b` would land below 2⁶¹ with probability
        // 3/8 = 0.375; an unbiased draw lands there with probability 1/3 (the bound below is ±0.014).
        var stream = RandomStream(seed: 8, stream: "stats")
        let count = 30_000
        let big = 3 << 61
        var below = 0
        for _ in 0..<count where stream.nextInt(below: big) < (1 << 61) {
            below += 1
        }
        // Standard error of a proportion near 1/3: √(2/9 / n) ≈ 0.0027.
        #expect(abs(Double(below) / Double(count) - 1.0 / 3.0) < 5 * (2.0 / 9.0 / Double(count)).squareRoot())
        // A small bound: every value appears, counts within 5σ of n/7 (σ = √(n·(1/7)(6/7))).
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 {
            counts[stream.nextInt(below: 7)] += 1
        }
        let sigma = (70_000 * (1.0 / 7) * (6.0 / 7)).squareRoot()
        #expect(counts.allSatisfy { abs(Double($0) - 10_000) < 5 * sigma })
    }

    @Test func integersInAClosedRangeAreTheLowerBoundPlusABoundedDraw() {
        var a = RandomStream(seed: 14, stream: "ems")
        var b = a
        let shifts = (0..<200).map { _ in a.nextInt(in: -1...1) }
        #expect(shifts == (0..<200).map { _ in -1 + b.nextInt(below: 3) })
        #expect(Set(shifts) == [-1, 0, 1])
    }

    // MARK: Shuffle and sample

    @Test func samplingReturnsKDistinctValuesInRangeTheSameWayForDenseAndSparsePaths() {
        var stream = RandomStream(seed: 10, stream: "sample")
        for (k, n) in [(0, 5), (5, 5), (3, 10), (2, 1000), (500, 1000)] {
            let values = stream.sample(k, from: n)
            #expect(values.count == k)
            #expect(Set(values).count == k)
            #expect(values.allSatisfy { (0..<n).contains($0) })
        }
        // k·8 < n takes the dictionary path; k·8 ≥ n the array path. Both must give the same draws:
        // compare against an explicit array-based partial Fisher–Yates.
        for (k, n) in [(3, 100), (30, 100)] {
            var a = RandomStream(seed: 11, stream: "sample")
            var b = a
            var positions = Array(0..<n)
            var expected = [Int]()
            for index in 0..<k {
                positions.swapAt(index, index + b.nextInt(below: n - index))
                expected.append(positions[index])
            }
            #expect(a.sample(k, from: n) == expected)
        }
    }

    @Test func everyPositionIsSampledAboutEquallyOften() {
        var stream = RandomStream(seed: 12, stream: "sample")
        var counts = [Int](repeating: 0, count: 10)
        let rounds = 20_000
        for _ in 0..<rounds {
            for value in stream.sample(3, from: 10) {
                counts[value] += 1
            }
        }
        // Each position is chosen with probability 3/10 per round; σ = √(n·0.3·0.7) ≈ 65.
        let sigma = (Double(rounds) * 0.3 * 0.7).squareRoot()
        #expect(counts.allSatisfy { abs(Double($0) - 0.3 * Double(rounds)) < 5 * sigma })
    }

    @Test func shuffleIsAPermutation() {
        var stream = RandomStream(seed: 13, stream: "shuffle")
        var items = Array(0..<50)
        stream.shuffle(&items)
        #expect(items.sorted() == Array(0..<50))
        #expect(items != Array(0..<50))
    }
}
