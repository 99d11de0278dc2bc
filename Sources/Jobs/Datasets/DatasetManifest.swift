public import ArtifactStore
public import CanonicalJSON
public import Datasets
internal import Runs

/// The `dataset` artifact (schema/README.md): a canonical-JSON manifest naming a dataset, where it
/// came from, and per split the ordered `{image, label}` artifact ids.
///
/// Canonical form (keys sorted by the canonical writer):
/// `{"classes": [names], "name": …, "source": {…}, "splits": {"test": [{"image": id, "label": id}, …],
/// "train": […], "val": […]}, "task": "binary" | "multiclass"}`. `source` is
/// `{"generator": kind, "parameters": {"image_size", "train", "val", "test"}, "seed": n}` for a
/// synthetic set and `{"import": {"layout", "path", "binary", "split", "files": [{"path", "sha256"}]}}`
/// for an imported one.
public struct DatasetManifest: Sendable, Equatable {
    /// One sample's artifacts.
    public struct Entry: Sendable, Equatable {
        public var image: ContentID
        public var label: ContentID

        public init(image: ContentID, label: ContentID) {
            self.image = image
            self.label = label
        }
    }

    public var name: String
    public var task: String
    public var classes: [String]
    public var source: JSONValue
    public var splits: [Split: [Entry]]

    public init(name: String, task: String, classes: [String], source: JSONValue, splits: [Split: [Entry]]) {
        self.name = name
        self.task = task
        self.classes = classes
        self.source = source
        self.splits = splits
    }

    /// The entries of one split (empty if none).
    public subscript(split: Split) -> [Entry] { splits[split] ?? [] }

    /// The manifest as one JSON value.
    public var json: JSONValue {
        var splitMembers: [String: JSONValue] = [:]
        for split in Split.allCases {
            splitMembers[split.rawValue] = .array(
                self[split].map { .object(["image": .string($0.image.hex), "label": .string($0.label.hex)]) })
        }
        return .object([
            "name": .string(name), "task": .string(task), "classes": .array(classes.map(JSONValue.string)),
            "source": source, "splits": .object(splitMembers),
        ])
    }

    /// The canonical bytes stored as the `dataset` artifact.
    public var canonicalBytes: [UInt8] { json.canonicalBytes }

    /// Decodes a stored manifest; a malformed one is an `invalidParameter` error naming the field.
    public init(canonicalBytes bytes: [UInt8]) throws {
        let value = try JSONParser.parse(bytes)
        func field(_ name: String) throws -> JSONValue {
            guard let member = value[name] else {
                throw RunError.invalidParameter(name: "dataset manifest", reason: "missing '\(name)'")
            }
            return member
        }
        guard let name = try field("name").stringValue, let task = try field("task").stringValue,
            let classes = try field("classes").arrayValue?.compactMap(\.stringValue)
        else {
            throw RunError.invalidParameter(
                name: "dataset manifest", reason: "malformed name, task or classes")
        }
        var splits: [Split: [Entry]] = [:]
        let splitValue = try field("splits")
        for split in Split.allCases {
            let entries = splitValue[split.rawValue]?.arrayValue ?? []
            splits[split] = try entries.map { entry in
                guard let image = entry["image"]?.stringValue.flatMap(ContentID.init(hex:)),
                    let label = entry["label"]?.stringValue.flatMap(ContentID.init(hex:))
                else {
                    throw RunError.invalidParameter(
                        name: "dataset manifest", reason: "malformed entry in split \(split.rawValue)")
                }
                return Entry(image: image, label: label)
            }
        }
        self.init(name: name, task: task, classes: classes, source: try field("source"), splits: splits)
    }
}
