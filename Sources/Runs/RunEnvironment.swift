import ArtifactStore
public import CanonicalJSON
import Foundation
import NumericCore

/// Where a run was computed, recorded with it: msdb and engine versions, BLAS threads and core,
/// the CPU model and the OS. Not part of the run id (the same spec on two machines is one run).
public enum RunEnvironment {
    public static func current() -> JSONValue {
        .object([
            "msdb_version": .string(MSDBVersion.current),
            "engine_version": .string(EngineVersion.current),
            "blas_threads": .integer(Int64(BLAS.threadCount)),
            "blas_core": .string(BLAS.coreName),
            "openblas_coretype": .string(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""),
            "cpu": .string(cpuModel()),
            "os": .string(ProcessInfo.processInfo.operatingSystemVersionString),
        ])
    }

    /// The BLAS thread count recorded in a run's canonical environment text; nil if it has none.
    /// Audits rerun at it, and a forced rerun that differs names it (results do not depend on it from
    /// engine 4 on, so a difference there is a fault to trace).
    public static func blasThreads(recordedIn environment: String) -> Int? {
        guard let threads = (try? JSONParser.parse(environment))?["blas_threads"]?.integerValue, threads >= 1
        else { return nil }
        return Int(threads)
    }

    /// The machine as speed depends on it: the CPU model and the OpenBLAS core its kernels use.
    public static var machine: String { "\(cpuModel()) / \(BLAS.coreName)" }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return "unknown"
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
