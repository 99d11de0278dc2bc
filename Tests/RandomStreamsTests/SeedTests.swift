import RandomStreams
import Testing

@Suite struct SeedTests {
    @Test func aNegativeSeedIsRefusedWhereItEnters() {
        // Variables, not literals: `Seed(-1)` with a literal is the integer-literal initialiser.
        let (negative, zero, largest): (Int64, Int64, Int64) = (-1, 0, .max)
        #expect(throws: SeedError.negative(-1)) { try Seed(negative) }
        #expect(SeedError.negative(-3).description == "must be non-negative, got -3")
        #expect(throws: Never.self) { try Seed(zero) }
        #expect(throws: Never.self) { try Seed(largest) }
    }

    @Test func aSeedsStreamIsTheRandomStreamOfTheSameSixtyFourBits() throws {
        for value: Int64 in [0, 7, 1 << 40, Int64.max] {
            let seed = try Seed(value)
            #expect(seed.stream("noise") == RandomStream(seed: UInt64(value), stream: "noise"))
            #expect(seed.value == value && seed.description == String(value))
        }
        #expect(Seed(integerLiteral: 3) < Seed(integerLiteral: 4))
    }

    /// A stream's name is part of what its numbers are: these are the names runs recorded under the
    /// current engine, and a change here changes results (and needs a new engine version).
    @Test func theStreamNamesAreTheRecordedOnes() {
        #expect(StreamName.initialWeights == "init")
        #expect(StreamName.noise == "noise")
        #expect(StreamName.shuffle(epoch: 3) == "shuffle/epoch-3")
        #expect(StreamName.augmentation(epoch: 3) == "augment/epoch-3")
        #expect(StreamName.dropout(epoch: 12) == "dropout/epoch-12")
        #expect(StreamName.metaStructureSampling(epoch: 2, image: "007") == "ems/epoch-2/image-007")
        #expect(StreamName.trainLabel(5) == "labels/train/5")
        #expect(StreamName.clusteringWeights(image: "001") == "init/image-001")
        #expect(StreamName.clusteringOrderings(image: "001") == "orderings/image-001")
        #expect(StreamName.syntheticSample(generator: "er", split: "test", index: 4) == "dataset/er/test/4")
        #expect(
            [StreamName.Benchmark.images, StreamName.Benchmark.labels, StreamName.Benchmark.scene]
                == ["data", "labels", "bench"])
    }
}
