internal import CBLAS
internal import Synchronization

/// The BLAS library behind `GEMM` (OpenBLAS), its thread count and build identification.
///
/// OpenBLAS runs single-threaded and msdb splits the work itself along partitions fixed by the
/// shapes (`ParallelLoop`), so results are bit-identical at any thread count for a given CPU kernel;
/// a run still records `threadCount`, `coreName` and `configuration` in its environment.
public enum BLAS {
    /// The number of threads msdb computes with: `ParallelLoop` runs the shape-fixed parts of large
    /// GEMMs (column blocks) and of a batch (image pieces) on up to this many threads, and splits the
    /// element-wise kernels into this many chunks. Setting it affects the whole
    /// process. Until set, it is OpenBLAS's own default (the core count or `OPENBLAS_NUM_THREADS`),
    /// read once.
    ///
    /// OpenBLAS's own threading stays off (one thread): msdb runs several GEMMs at once, and the
    /// value is kept here, never toggled, so that concurrent users of the library (tests, for one)
    /// always see the same work split and get the same bits.
    ///
    /// - Precondition: the new value is at least 1.
    public static var threadCount: Int {
        get {
            prepare()
            return configuredThreads.load(ordering: .relaxed)
        }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: need at least 1 thread, got \(newValue)")
            prepare()
            configuredThreads.store(newValue, ordering: .relaxed)
        }
    }

    /// The configured thread count, 0 until `prepare()` has run.
    private static let configuredThreads = Atomic<Int>(0)

    /// On first use: takes OpenBLAS's default thread count as msdb's and switches OpenBLAS to one
    /// thread. Cheap afterwards.
    static func prepare() {
        guard configuredThreads.load(ordering: .relaxed) == 0 else { return }
        let initial = max(1, Int(openblas_get_num_threads()))
        openblas_set_num_threads(1)
        _ = configuredThreads.compareExchange(expected: 0, desired: initial, ordering: .relaxed)
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
