internal import CBLAS

/// General matrix multiplication through OpenBLAS `cblas_sgemm`, row-major:
///
///     C = alpha · op(A) · op(B) + beta · C
///
/// with op(A) of shape `[m, k]`, op(B) of shape `[k, n]` and C of shape `[m, n]`. op(X) is X or its
/// transpose. Stored shapes (row-major, leading dimension = row stride in elements):
///
/// | operand | not transposed | transposed | leading dimension at least |
/// |---|---|---|---|
/// | A | `[m, k]` | `[k, m]` | its stored column count (`k`, or `m` if transposed) |
/// | B | `[k, n]` | `[n, k]` | its stored column count (`n`, or `k` if transposed) |
/// | C | `[m, n]` | — | `n` |
///
/// When `beta == 0`, C is overwritten and its previous contents (even NaN) are ignored, as BLAS
/// specifies.
///
/// Threads: OpenBLAS itself always runs single-threaded (`BLAS`); a product large enough to share is
/// split here into contiguous column blocks of C of about `columnBlock` columns, one single-threaded
/// call each, which any number of threads take in turn. BLAS does not promise the same bits for a
/// narrower C (a kernel may block or special-case it differently), so the split depends on the shape
/// alone, never on the thread count: one thread makes the same calls in order.
public enum GEMM {
    /// The smallest `m·n·k` worth splitting across threads.
    static let parallelWork = 1 << 21
    /// The width of a column block of a split product: `n / columnBlock` blocks (at least 1) of
    /// balanced widths. Changing it changes bits (an engine version).
    static let columnBlock = 256

    /// The number of column blocks a product of `m·n·k` with `n` columns is split into.
    static func columnBlocks(m: Int, n: Int, k: Int) -> Int {
        m * n * k >= parallelWork ? Swift.max(1, n / columnBlock) : 1
    }

    /// Multiplies raw row-major buffers; see the type documentation for shapes.
    ///
    /// - Precondition: every dimension is non-negative and fits in `Int32`; the leading dimensions
    ///   are at least the stored column counts (and at least 1).
    public static func multiply(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        multiply(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, splitsAcrossThreads: true)
    }

    /// `multiply`, with the column split allowed or not (callers that already run products of
    /// several images side by side pass `false`).
    static func multiply(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        splitsAcrossThreads: Bool
    ) {
        let limit = Int(Int32.max)
        precondition(
            (0...limit).contains(m) && (0...limit).contains(n) && (0...limit).contains(k),
            "GEMM: dimensions m=\(m) n=\(n) k=\(k) must be in 0...Int32.max")
        let aColumns = transposeA ? m : k
        let bColumns = transposeB ? k : n
        precondition(
            lda >= Swift.max(1, aColumns) && ldb >= Swift.max(1, bColumns) && ldc >= Swift.max(1, n),
            "GEMM: leading dimensions lda=\(lda) ldb=\(ldb) ldc=\(ldc) too small for m=\(m) n=\(n) k=\(k) "
                + "transposeA=\(transposeA) transposeB=\(transposeB)")
        precondition(
            lda <= limit && ldb <= limit && ldc <= limit,
            "GEMM: leading dimensions lda=\(lda) ldb=\(ldb) ldc=\(ldc) exceed Int32.max")
        if m == 0 || n == 0 { return }
        if k == 0 || alpha == 0 {
            // C = beta · C; done here so BLAS never sees a zero inner dimension.
            for row in 0..<m {
                let line = c + row * ldc
                for column in 0..<n {
                    line[column] = beta == 0 ? 0 : beta * line[column]
                }
            }
            return
        }
        BLAS.prepare()
        let blocks = splitsAcrossThreads ? columnBlocks(m: m, n: n, k: k) : 1
        ParallelLoop.forEachFixedPart(n, parts: blocks) { _, columns in
            // Column j of op(B) is column j of B, or row j of a transposed B.
            let offsetB = transposeB ? columns.lowerBound * ldb : columns.lowerBound
            cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(columns.count), Int32(k),
                alpha, a, Int32(lda), b + offsetB, Int32(ldb),
                beta, c + columns.lowerBound, Int32(ldc))
        }
    }

    /// The matrix product `op(a) · op(b)` of two rank-2 tensors, scaled by `alpha`.
    ///
    /// - Parameters:
    ///   - a: shape `[m, k]`, or `[k, m]` when `transposeA`.
    ///   - b: shape `[k, n]`, or `[n, k]` when `transposeB`.
    /// - Returns: a tensor of shape `[m, n]`.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1
    ) -> Tensor {
        precondition(
            a.rank == 2 && b.rank == 2, "GEMM.matmul: need rank-2 tensors, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(
            k == kB,
            "GEMM.matmul: inner dimensions differ: op(a) is [\(m), \(k)] (a \(a.shape), transposeA=\(transposeA)), "
                + "op(b) is [\(kB), \(n)] (b \(b.shape), transposeB=\(transposeB))")
        var c = Tensor(zeros: [m, n])
        multiplyAccumulate(
            a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
        return c
    }

    /// `c = alpha · op(a) · op(b) + beta · c` on rank-2 tensors; shapes as in `matmul`, `c` is `[m, n]`.
    public static func multiplyAccumulate(
        _ a: Tensor, _ b: Tensor, into c: inout Tensor,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, beta: Float = 1
    ) {
        precondition(
            a.rank == 2 && b.rank == 2 && c.rank == 2,
            "GEMM.multiplyAccumulate: need rank-2 tensors, got \(a.shape), \(b.shape), \(c.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(
            k == kB && c.shape == [m, n],
            "GEMM.multiplyAccumulate: op(a) [\(m), \(k)] · op(b) [\(kB), \(n)] does not fit c \(c.shape)")
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseC = pc.baseAddress
                    else { return }
                    multiply(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: baseA, lda: Swift.max(1, a.shape[1]), b: baseB, ldb: Swift.max(1, b.shape[1]),
                        beta: beta, c: baseC, ldc: Swift.max(1, n))
                }
            }
        }
    }
}
