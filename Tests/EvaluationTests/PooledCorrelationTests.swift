import Evaluation
import Testing

@Suite("Pearson correlation pooled over batches, against NumPy")
struct PooledCorrelationTests {
    // numpy.corrcoef([1, 2, 3, 4, 0.5, 7], [2, 4, 5, 9, 1, -3])[0, 1]
    static let numpyValue = -0.2495086499816769

    @Test func pairsAddedInPiecesGiveNumPysCoefficient() {
        var pooled = PooledCorrelation()
        pooled.add([1, 2, 3, 4], [2, 4, 5, 9])
        pooled.add([0.5, 7], [1, -3])
        #expect(abs(pooled.value - Self.numpyValue) < 1e-12)

        var whole = PooledCorrelation()
        whole.add([1, 2, 3, 4, 0.5, 7], [2, 4, 5, 9, 1, -3])
        #expect(whole == pooled)
    }

    @Test func aConstantSideOrNothingAddedIsZero() {
        var constant = PooledCorrelation()
        constant.add([0.5, 0.5, 0.5], [1, 2, 3])
        #expect(constant.value == 0)
        #expect(PooledCorrelation().value == 0)
    }

    @Test func aMirroredVariableIsMinusOne() {
        var mirrored = PooledCorrelation()
        mirrored.add([0.1, 0.4, 0.9], [0.9, 0.6, 0.1])
        #expect(abs(mirrored.value + 1) < 1e-12)
    }
}
