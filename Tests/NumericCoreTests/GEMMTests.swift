import NumericCore
import Testing

struct GEMMTests {
    /// Naive `alpha · op(A) · op(B) + beta · C` in Double over row-major stored matrices.
    static func naive(
        _ a: [Float], _ b: [Float], _ c: [Float], m: Int, n: Int, k: Int,
        transposeA: Bool, transposeB: Bool, alpha: Double, beta: Double
    ) -> [Double] {
        var result = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    total += Double(x) * Double(y)
                }
                result[i * n + j] = alpha * total + beta * Double(c[i * n + j])
            }
        }
        return result
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func multiplyMatchesANaiveLoopForEveryTransposeCombination(transposeA: Bool, transposeB: Bool) {
        var fixtures = FixtureGenerator(seed: 7)
        let (m, n, k) = (5, 7, 3)
        let a = fixtures.tensor(transposeA ? [k, m] : [m, k])
        let b = fixtures.tensor(transposeB ? [n, k] : [k, n])
        var c = fixtures.tensor([m, n])
        let expected = Self.naive(
            a.scalars, b.scalars, c.scalars, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB,
            alpha: 0.5, beta: -2)
        GEMM.multiplyAccumulate(
            a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: 0.5, beta: -2)
        // Float32 products of 3 terms in [-1, 1): error well below 1e-5.
        expectClose(c.scalars, expected, absolute: 1e-5, relative: 1e-5, "gemm")
    }

    @Test func matmulOfTwoSmallMatricesGivesTheHandComputedProduct() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(GEMM.matmul(a, b) == Tensor(shape: [2, 2], scalars: [58, 64, 139, 154]))
        #expect(GEMM.matmul(a, a, transposeB: true) == Tensor(shape: [2, 2], scalars: [14, 32, 32, 77]))
        #expect(GEMM.matmul(a, a, transposeA: true).scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
    }

    @Test func betaZeroIgnoresNaNInTheOutputAndAnEmptyInnerDimensionScalesByBeta() {
        let a = Tensor(shape: [1, 1], scalars: [2])
        var c = Tensor(shape: [1, 1], scalars: [.nan])
        GEMM.multiplyAccumulate(a, a, into: &c, beta: 0)
        #expect(c.scalars == [4])
        var d = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        GEMM.multiplyAccumulate(Tensor(zeros: [2, 0]), Tensor(zeros: [0, 2]), into: &d, beta: 3)
        #expect(d.scalars == [3, 6, 9, 12])
    }

    @Test func theBLASThreadCountCanBeSetAndReadBack() async {
        // Runs in a child process: the thread count is process-wide, and tests run concurrently.
        await #expect(processExitsWith: .success) {
            BLAS.threadCount = 1
            let one = BLAS.threadCount
            BLAS.threadCount = 2
            let two = BLAS.threadCount
            precondition(one == 1 && two == 2, "thread counts read back as \(one) and \(two)")
        }
    }

    @Test func theBLASCoreNameAndConfigurationIdentifyOpenBLAS() {
        #expect(!BLAS.coreName.isEmpty && BLAS.coreName != "unknown")
        #expect(BLAS.configuration.contains("OpenBLAS"))
    }
}
