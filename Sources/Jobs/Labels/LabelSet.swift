public import ArtifactStore
internal import CanonicalJSON
internal import Foundation
public import Runs

/// The `label_set` artifact (schema/README.md): the noisy labels a training run learns from, one
/// `label` artifact id per train image in train-split order. Canonical JSON
/// `{"labels": [id, …], "split": "train"}` (ids as lowercase hex).
///
/// It is the output `labels` of a run of kind `label_set` (no parameters but `split`, no seed,
/// inputs `dataset` = the manifest id and `label/NNN` = train image NNN's noisy label, each the
/// output of a `label` run on that image's clean label), so the lineage reads clean label → `label`
/// run → noisy label → `label_set` run → label set → `train` run.
public struct LabelSet: Sendable, Equatable {
    /// The run kind that records a label set.
    public static let kind = RunKind.labelSet
    /// The split whose labels it replaces (only the train split's labels are ever replaced).
    public static let split = "train"

    /// The noisy label ids in train-split order.
    public var labels: [ContentID]

    public init(labels: [ContentID]) {
        self.labels = labels
    }

    /// Decodes stored bytes.
    ///
    /// - Throws: `RunError.invalidParameter` for anything but the canonical form.
    public init(canonicalBytes bytes: [UInt8]) throws {
        func bad(_ reason: String) -> RunError { .invalidParameter(name: "labels", reason: reason) }
        let value = try JSONParser.parse(bytes)
        guard let entries = value["labels"]?.arrayValue, value["split"]?.stringValue == Self.split else {
            throw bad("not a label set (expected {\"labels\": [...], \"split\": \"train\"})")
        }
        labels = try entries.map { entry in
            guard let text = entry.stringValue, let id = ContentID(hex: text) else {
                throw bad("label set entry \(entry.canonicalText) is not an artifact id")
            }
            return id
        }
        guard canonicalBytes == bytes else { throw bad("label set bytes are not canonical") }
    }

    /// The canonical bytes (see the type's documentation).
    public var canonicalBytes: [UInt8] {
        JSONValue.object([
            "labels": .array(labels.map { .string($0.hex) }), "split": .string(Self.split),
        ]).canonicalBytes
    }

    /// The input role of train image `index`'s noisy label in the `label_set` run (`label/000`, …;
    /// at least three digits, more when the split needs them).
    static func role(_ index: Int, of count: Int) -> String {
        let digits = max(3, String(count).count)
        let number = String(index)
        return "label/" + String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    /// The spec of the run that records this set for the dataset `dataset`.
    public func spec(dataset: ContentID) -> RunSpec {
        var inputs = ["dataset": dataset]
        for (index, label) in labels.enumerated() {
            inputs[Self.role(index, of: labels.count)] = label
        }
        return RunSpec(kind: Self.kind, params: ["split": .string(Self.split)], inputs: inputs, seed: nil)
    }

    /// Reads a recorded `label_set` spec back: its dataset and the set its `label/NNN` inputs list.
    ///
    /// - Throws: `RunError.invalidParameter` for parameters other than `split: "train"`, a missing
    ///   `dataset` input, or label roles that are not exactly `label/000` … in order.
    public static func read(_ spec: RunSpec) throws -> (dataset: ContentID, set: LabelSet) {
        var reader = SpecParameters(spec.params, kind: spec.kind)
        _ = try reader.string("split", allowed: [split])
        try reader.finish()
        guard spec.seed == nil else {
            throw RunError.invalidParameter(name: "seed", reason: "a label_set run has no seed")
        }
        guard let dataset = spec.inputs["dataset"] else {
            throw RunError.invalidInput(name: "inputs.dataset", reason: "missing")
        }
        let count = spec.inputs.count - 1
        let labels = try (0..<count).map { index in
            let role = Self.role(index, of: count)
            guard let id = spec.inputs[role] else {
                let extra = spec.inputs.keys.sorted().first { $0 != "dataset" && !$0.hasPrefix("label/") }
                throw RunError.invalidInput(
                    name: "inputs.\(extra ?? role)",
                    reason: extra == nil
                        ? "missing (label roles must run label/000 … without gaps)"
                        : "not an input of label_set runs")
            }
            return id
        }
        return (dataset, LabelSet(labels: labels))
    }

    /// Stores the set through its run (answered from the store when recorded, recomputed with
    /// `force`) and returns the run's outcome.
    public func run(dataset: ContentID, store: Store, force: Bool = false) throws -> RunOutcome {
        try InstantRunner(store: store).run(spec(dataset: dataset), force: force) {
            for label in labels where try store.get(label).kind != .label {
                throw RunError.invalidInput(
                    name: "labels", reason: "artifact \(label.hex) is not a label")
            }
            return RunProduct(
                artifacts: ["labels": ProducedArtifact(kind: .labelSet, bytes: Data(canonicalBytes))],
                metrics: ["images": Double(labels.count)])
        }
    }

    /// Stores the set through its run (answered from the store when recorded) and returns its id.
    public func record(dataset: ContentID, store: Store) throws -> ContentID {
        let outcome = try run(dataset: dataset, store: store)
        guard let id = outcome.outputs["labels"] else {
            throw RunError.cachedOutputMissing(run: outcome.id.hex, role: "labels")
        }
        return id
    }
}
