import NumericCore
import Testing

struct TensorTests {
    @Test func aTensorStoresItsShapeAndScalarsInNCHWRowMajorOrder() {
        let tensor = Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map { Float($0) })
        #expect(tensor.count == 24 && tensor.rank == 4)
        #expect(tensor[1, 2, 0, 1] == 21)  // ((1·3 + 2)·2 + 0)·2 + 1
        #expect(tensor[index: [0, 1, 1, 0]] == 6)
        #expect(tensor.reshaped([6, 4]).shape == [6, 4])
        #expect(tensor.reshaped([6, 4]).scalars == tensor.scalars)
        #expect(Tensor(zeros: [0, 3]).count == 0)
    }

    @Test func copiesAreIndependentValues() {
        let original = Tensor(repeating: 1, shape: [2, 2])
        var copy = original
        copy[index: [0, 0]] = 5
        copy += Tensor(repeating: 1, shape: [2, 2])
        #expect(original.scalars == [1, 1, 1, 1])
        #expect(copy.scalars == [6, 2, 2, 2])
    }

    @Test func elementWiseOperationsGiveTheHandComputedValues() {
        let a = Tensor(shape: [3], scalars: [1, -2, 3])
        let b = Tensor(shape: [3], scalars: [4, 5, -6])
        #expect((a + b).scalars == [5, 3, -3])
        #expect((a - b).scalars == [-3, -7, 9])
        #expect((a * b).scalars == [4, -10, -18])
        #expect((2 * a).scalars == [2, -4, 6])
        #expect(a.squared().scalars == [1, 4, 9])
        #expect(a.clamped(to: -1...2).scalars == [1, -1, 2])
        var c = a
        c.addProduct(b, scaledBy: 0.5)
        #expect(c.scalars == [3, 0.5, 0])
        c.fill(with: 7)
        #expect(c.scalars == [7, 7, 7])
        var d = Tensor(zeros: [2, 2, 1, 2])
        d.addChannelwise(Tensor(shape: [2], scalars: [1, 2]))
        #expect(d.scalars == [1, 1, 2, 2, 1, 1, 2, 2])
    }

    @Test func reductionsGiveTheHandComputedValues() {
        let a = Tensor(shape: [1, 2, 1, 3], scalars: [1, 2, 3, -4, 5, 6])
        #expect(a.sum() == 13)
        #expect(a.mean() == 13.0 / 6.0)
        #expect(a.sumOfSquares() == 91)
        #expect(a.dot(a) == 91)
        #expect(a.max() == 6 && a.min() == -4)
        #expect(a.sumPerChannel().scalars == [6, 7])
    }

    @Test(arguments: [1, 7, 8, 1023, 1024, 1025, 10_000])
    func sumsOverManyScalarsMatchADoubleLoop(count: Int) {
        var fixtures = FixtureGenerator(seed: UInt64(count))
        let a = fixtures.tensor([count])
        let b = fixtures.tensor([count])
        var sum = 0.0
        var dot = 0.0
        for (x, y) in zip(a.scalars, b.scalars) {
            sum += Double(x)
            dot += Double(x) * Double(y)
        }
        // Float lanes over blocks of 1024 values in [-1, 1): error far below 1e-4 absolute.
        #expect(abs(a.sum() - sum) < 1e-4)
        #expect(abs(a.dot(b) - dot) < 1e-4)
    }

    @Test func theByteViewIsLittleEndianBinary32AndRoundTrips() throws {
        let tensor = Tensor(shape: [1, 3], scalars: [1, -2, .infinity])
        // 1.0 = 0x3F800000, −2.0 = 0xC0000000, +∞ = 0x7F800000, each least significant byte first.
        #expect(tensor.littleEndianBytes == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0x80, 0x7F])
        let decoded = try #require(Tensor(shape: [3, 1], littleEndianBytes: tensor.littleEndianBytes))
        #expect(decoded == tensor.reshaped([3, 1]))
        #expect(Tensor(shape: [2], littleEndianBytes: [0, 0, 0]) == nil)
    }

    @Test func aReshapeToADifferentElementCountStopsWithBothShapesInTheMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(zeros: [2, 3]).reshaped([4, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("[2, 3]") && message.contains("[4, 2]"))
    }

    @Test func addingTensorsOfDifferentShapesStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor(zeros: [2, 3]) + Tensor(zeros: [3, 2])
        }
    }
}
