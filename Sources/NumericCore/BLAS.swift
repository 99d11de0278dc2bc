internal import CBLAS

/// The BLAS library behind `GEMM` (OpenBLAS), its thread count and build identification.
///
/// OpenBLAS gives bit-identical results for a fixed thread count and CPU kernel, and different bits
/// across thread counts, so a run fixes `threadCount` before it starts and records `threadCount`,
/// `coreName` and `configuration` in its environment.
public enum BLAS {
    /// The number of threads OpenBLAS uses for level-3 routines. Setting it affects the whole process.
    ///
    /// - Precondition: the new value is at least 1.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: need at least 1 thread, got \(newValue)")
            openblas_set_num_threads(Int32(clamping: newValue))
        }
    }

    /// The CPU kernel OpenBLAS selected at load time, for example `"Haswell"`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The OpenBLAS build configuration string, for example `"OpenBLAS 0.3.21 DYNAMIC_ARCH ..."`.
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }
}
