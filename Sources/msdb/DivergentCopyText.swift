import ArtifactStore
import CanonicalJSON

/// How `msdb show` and `msdb audit` describe a run's divergent copies (results of the same run
/// that another database computed differently, kept by `msdb merge`).
enum DivergentCopyText {
    /// One line: where the copy came from, which machine computed it, and what differs from the
    /// run's own record.
    static func describe(_ copy: DivergentCopy, against record: RunRecord) -> String {
        let roles = Set(copy.outputs.keys).union(record.outputs.keys).sorted()
        let differing = roles.filter { copy.outputs[$0] != record.outputs[$0] }
        var text = "divergent copy from \(copy.source) (merged \(copy.mergedAt)"
        if let machine = machine(copy.environment) { text += "; \(machine)" }
        text += ")"
        var differences: [String] = []
        if !differing.isEmpty {
            differences.append(
                "\(differing.count) of \(roles.count) outputs differ (\(differing.prefix(3).joined(separator: ", "))"
                    + (differing.count > 3 ? ", …)" : ")"))
        }
        let names = Set(copy.metrics.keys).union(record.metrics.keys).sorted()
        let metrics = names.filter { copy.metrics[$0]?.bitPattern != record.metrics[$0]?.bitPattern }
        if !metrics.isEmpty {
            differences.append(
                "metrics "
                    + metrics.prefix(3).map {
                        "\($0) \(value(record.metrics[$0])) here, \(value(copy.metrics[$0])) there"
                    }
                    .joined(separator: ", ") + (metrics.count > 3 ? ", …" : ""))
        }
        return text + ": " + (differences.isEmpty ? "same result" : differences.joined(separator: "; "))
    }

    /// `cpu …, blas core …` from a recorded environment, when it says.
    static func machine(_ environment: String) -> String? {
        guard let parsed = try? JSONParser.parse(environment) else { return nil }
        let parts = [("cpu", parsed["cpu"]?.stringValue), ("blas core", parsed["blas_core"]?.stringValue)]
            .compactMap { label, value in value.flatMap { $0.isEmpty ? nil : "\(label) \($0)" } }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private static func value(_ number: Double?) -> String {
        guard let number else { return "none" }
        return number.isFinite ? CanonicalNumberText.text(number) : String(number)
    }
}
