public import ArtifactStore
public import Datasets
internal import Imaging
internal import Runs

/// Finding and reading stored datasets.
public struct DatasetCatalog: Sendable {
    /// A recorded dataset: the run that made it, the manifest's id and the manifest.
    public struct Listing: Sendable {
        public var run: RunRecord
        public var manifestID: ContentID
        public var manifest: DatasetManifest
    }

    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Every recorded dataset run whose manifest is stored, oldest first.
    public func list() throws -> [Listing] {
        try store.runs().filter { $0.kind == DatasetJob.kind.rawValue && $0.status == .done }.compactMap {
            run in
            guard let id = run.outputs["manifest"] else { return nil }
            return Listing(
                run: run, manifestID: id,
                manifest: try DatasetManifest(canonicalBytes: Array(store.get(id).bytes)))
        }
    }

    /// The manifest named by a dataset artifact id or prefix, or by the id of the run that made it.
    public func resolve(_ text: String) throws -> (id: ContentID, manifest: DatasetManifest) {
        let prefix = try IDPrefix(text)
        let id: ContentID
        do {
            id = try store.resolveBlob(prefix)
        } catch StoreError.notFound {
            let run: ContentID
            do {
                run = try store.resolveRun(prefix)
            } catch StoreError.notFound {
                throw StoreError.notFound(what: "dataset or run", id: prefix.text)
            }
            guard let manifest = try store.run(run)?.outputs["manifest"] else {
                throw RunError.invalidInput(
                    name: "dataset", reason: "run \(run.hex) did not make a dataset")
            }
            id = manifest
        }
        let blob = try store.get(id)
        guard blob.kind == .dataset else {
            throw RunError.invalidInput(
                name: "dataset", reason: "\(id.hex) is a \(blob.kind.name) artifact, not a dataset")
        }
        return (id, try DatasetManifest(canonicalBytes: Array(blob.bytes)))
    }

    /// The recorded dataset named by `text` (as `resolve` reads it) with the run that made it, as
    /// a cached outcome: what a reproduction uses when told to run on an imported set.
    public func outcome(_ text: String) throws -> DatasetOutcome {
        let (id, manifest) = try resolve(text)
        guard let listing = try list().first(where: { $0.manifestID == id }) else {
            throw RunError.invalidInput(name: "dataset", reason: "no finished run made the dataset \(id.hex)")
        }
        let run = RunOutcome(
            id: listing.run.id, outputs: listing.run.outputs, metrics: listing.run.metrics, cached: true)
        return DatasetOutcome(run: run, manifestID: id, manifest: manifest)
    }

    /// Reads a manifest's samples back from the store (each blob checked against its id).
    public func content(of manifest: DatasetManifest) throws -> DatasetContent {
        var splits: [Split: [LabeledImage]] = [:]
        for split in Split.allCases {
            splits[split] = try manifest[split].map { entry in
                let image = try Image(canonicalBytes: Array(store.get(entry.image).bytes))
                let labels = try LabelMap(canonicalBytes: Array(store.get(entry.label).bytes))
                return LabeledImage(image: image, labels: labels)
            }
        }
        let task: LabelTask = manifest.task == "binary" ? .binary : .multiclass(classNames: manifest.classes)
        return DatasetContent(task: task, splits: splits)
    }
}
