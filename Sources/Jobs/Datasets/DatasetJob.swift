public import ArtifactStore
internal import CanonicalJSON
public import Datasets
internal import Foundation
internal import Imaging
internal import RandomStreams
public import Runs

/// Builds `dataset` artifacts through the cache: synthesis and import are runs of kind `dataset`
/// recorded by `InstantRunner`, whose outputs are every image (`image` canonical bytes), every
/// label (`label` canonical bytes) and the manifest, with lineage.
///
/// Output roles: `manifest`, and `<split>/<index>/image`, `<split>/<index>/label` with the index
/// zero-padded to at least three digits. Metrics: `samples`; for binary sets `foreground_fraction`
/// (over all splits) and, when the test split is not empty, `otsu_dice_test` and `agt_dice_test`
/// (`ThresholdBaselines`).
public struct DatasetJob: Sendable {
    /// The run kind.
    public static let kind = RunKind.dataset

    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Synthesises `request` (or answers it from the cache). `name` defaults to the kind's name.
    /// Params: `source` = `synthetic`, `generator`, `image_size`, `train`, `val`, `test`, `name`;
    /// the run's seed is the request's seed.
    public func synthesize(
        _ request: SynthesisRequest, name: String? = nil, force: Bool = false,
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> DatasetOutcome {
        try request.validate()
        let datasetName = name ?? request.kind.rawValue
        let spec = Self.spec(synthesizing: request, name: name)
        let source: JSONValue = .object([
            "generator": .string(request.kind.rawValue), "parameters": .object(Self.sizeParameters(request)),
            "seed": .integer(request.seed.value),
        ])
        return try run(spec, force: force) {
            try package(request.generate(progress: progress), name: datasetName, source: source)
        }
    }

    /// The spec of synthesising `request` (see `synthesize`): known without generating anything,
    /// so a synthesised set can be looked up by it.
    public static func spec(synthesizing request: SynthesisRequest, name: String? = nil) -> RunSpec {
        var params = sizeParameters(request)
        params["source"] = "synthetic"
        params["generator"] = .string(request.kind.rawValue)
        params["name"] = .string(name ?? request.kind.rawValue)
        return RunSpec(kind: kind, params: params, seed: request.seed)
    }

    private static func sizeParameters(_ request: SynthesisRequest) -> [String: JSONValue] {
        [
            "image_size": .integer(Int64(request.imageSize)), "train": .integer(Int64(request.sizes.train)),
            "val": .integer(Int64(request.sizes.val)), "test": .integer(Int64(request.sizes.test)),
        ]
    }

    /// The manifest of a dataset run recorded as done, or nil (nothing is computed).
    public func recorded(_ spec: RunSpec) throws -> DatasetOutcome? {
        guard let record = try store.run(spec.id), record.status == .done,
            let manifestID = record.outputs["manifest"]
        else { return nil }
        let manifest = try DatasetManifest(canonicalBytes: Array(store.get(manifestID).bytes))
        return DatasetOutcome(
            run: RunOutcome(id: record.id, outputs: record.outputs, metrics: record.metrics, cached: true),
            manifestID: manifestID, manifest: manifest)
    }

    /// Imports a scanned folder (or answers it from the cache). Every file is hashed first, so an
    /// unchanged folder is a cache hit without decoding anything. Params: `source` = `import`,
    /// `path`, `layout`, `binary`, `split` (the pairs layout's split), `name`, and `files`, the
    /// ordered list of `{"path", "sha256"}` of every image and label file followed by the layout's
    /// own files (VOC's split lists); `cityscapes` adds `scale` (`factor` 1/k and both rules) and
    /// `labels`, `voc` adds `labels` (how ids become classes). The manifest's `source.import`
    /// repeats them; its `summary` tells what tiling kept (`dsb2018`) or, for the scene layouts,
    /// `samples`, `skipped_splits` and (`voc`) `unlisted_images`.
    public func importFolder(
        _ folder: FolderImport, name: String, split: Split = .test, force: Bool = false,
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> DatasetOutcome {
        var files: [JSONValue] = []
        for path in folder.entries.flatMap({ [$0.imagePath] + $0.labelPaths }) + folder.layoutFiles {
            files.append(
                .object([
                    "path": .string(path), "sha256": .string(try Self.sha256(folder.absolutePath(path))),
                ]))
        }
        var description: [String: JSONValue] = [
            "path": .string(folder.root), "layout": .string(folder.layout.rawValue),
            "binary": .bool(folder.binary),
            "split": folder.layout == .pairs ? .string(split.rawValue) : .null, "files": .array(files),
        ]
        if let sampleSplit = folder.sampleSplit {
            description["split_seed"] = .integer(sampleSplit.seed.value)
            description["fractions"] = .array(
                [sampleSplit.train, sampleSplit.val, sampleSplit.test].map { .number($0) })
        }
        if let tiling = folder.tiling {
            description["tile"] = .object([
                "size": .integer(Int64(tiling.size)), "border": .string(Tiling.borderRule),
            ])
        }
        if let downscale = folder.downscale {
            description["scale"] = .object([
                "factor": .number(downscale.scale), "image": .string(Downscale.imageRule),
                "labels": .string(Downscale.labelRule),
            ])
        }
        if let padding = folder.padding {
            description["pad"] = .object([
                "size": .integer(Int64(padding.size)), "rule": .string(Padding.rule),
            ])
        }
        switch folder.layout {
        case .cityscapes:
            description["labels"] =
                "labelIds to the 19 trainIds of cityscapesScripts labels.py; other ids 255 (ignored)"
        case .voc: description["labels"] = "palette indices 0-20 are the classes; 255 (border) ignored"
        case .pairs, .official, .dsb2018: break
        }
        var params = description
        params["source"] = "import"
        params["name"] = .string(name)
        let spec = RunSpec(kind: Self.kind, params: params)
        return try run(spec, force: force) {
            let (content, summary) = try folder.loadSummarised(progress: progress)
            var source = description
            if folder.tiling != nil {
                source["summary"] = .object([
                    "samples": .integer(Int64(summary.samples)), "tiles": .integer(Int64(summary.tiles)),
                    "skipped": .array(summary.skipped.map(JSONValue.string)),
                    "dropped_pixels": .integer(Int64(summary.droppedPixels)),
                    "pixels": .integer(Int64(summary.pixels)),
                ])
            } else if folder.layout.classNames != nil {
                var scene: [String: JSONValue] = [
                    "samples": .integer(Int64(summary.samples)),
                    "skipped_splits": .array(summary.skippedSplits.map(JSONValue.string)),
                ]
                if let unlisted = summary.unlistedImages {
                    scene["unlisted_images"] = .integer(Int64(unlisted))
                }
                if folder.padding != nil {
                    scene["cropped"] = .array(summary.cropped.map(JSONValue.string))
                }
                source["summary"] = .object(scene)
            }
            return try package(content, name: name, source: .object(["import": .object(source)]))
        }
    }

    /// Runs `spec` through the cache and reads the manifest back.
    private func run(_ spec: RunSpec, force: Bool, compute: () throws -> RunProduct) throws -> DatasetOutcome
    {
        let outcome = try InstantRunner(store: store).run(spec, force: force, compute: compute)
        guard let manifestID = outcome.outputs["manifest"] else {
            throw RunError.cachedOutputMissing(run: outcome.id.hex, role: "manifest")
        }
        let manifest = try DatasetManifest(canonicalBytes: Array(store.get(manifestID).bytes))
        return DatasetOutcome(run: outcome, manifestID: manifestID, manifest: manifest)
    }

    /// The artifacts and metrics of a dataset: every image and label, the manifest.
    private func package(_ content: DatasetContent, name: String, source: JSONValue) throws -> RunProduct {
        var artifacts: [String: ProducedArtifact] = [:]
        var splits: [Split: [DatasetManifest.Entry]] = [:]
        for split in Split.allCases {
            let samples = content[split]
            let digits = max(3, String(samples.count).count)
            splits[split] = samples.enumerated().map { index, sample in
                let number =
                    String(repeating: "0", count: max(0, digits - String(index).count)) + String(index)
                let image = Data(sample.image.canonicalBytes)
                let label = Data(sample.labels.canonicalBytes)
                artifacts["\(split.rawValue)/\(number)/image"] = ProducedArtifact(kind: .image, bytes: image)
                artifacts["\(split.rawValue)/\(number)/label"] = ProducedArtifact(kind: .label, bytes: label)
                return DatasetManifest.Entry(
                    image: ContentID.blob(kind: .image, bytes: image),
                    label: ContentID.blob(kind: .label, bytes: label))
            }
        }
        let classes: [String] =
            switch content.task {
            case .binary: ["background", "foreground"]
            case .multiclass(let names): names
            }
        let manifest = DatasetManifest(
            name: name, task: content.task.name, classes: classes, source: source, splits: splits)
        artifacts["manifest"] = ProducedArtifact(kind: .dataset, bytes: Data(manifest.canonicalBytes))
        return RunProduct(artifacts: artifacts, metrics: try DatasetStatistics(content: content).metrics)
    }

    /// The SHA-256 of a file's bytes in lowercase hex.
    static func sha256(_ path: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DatasetsError.unreadable(file: path, reason: "\(error.localizedDescription)".lowercased())
        }
        return ContentID.sha256Hex(of: data)
    }
}
