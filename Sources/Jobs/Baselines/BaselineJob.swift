public import ArtifactStore
public import Datasets
internal import Evaluation
internal import Foundation
public import Imaging
public import Runs

/// A Table 3 baseline as a cached run of kind `baseline` (`BaselineSettings`).
///
/// Before anything is recorded the dataset is read and checked: a binary task with at least one test
/// image, single-channel images without a palette. The method then runs on every test image on its
/// own (the clustering methods train a fresh network per image); DFC's and AC's clusters become a
/// mask by mean intensity (`ClusterMapping`), never by the ground truth.
///
/// Outputs: `prediction/test/<NNN>`, each image's mask as a `prediction` artifact of 0/1 scores.
/// Metrics over the pooled test pixels: `dice`, `iou`, `accuracy` of the masks and `auc`, the ROC
/// AUC of the 0/1 scores (a hard mask has one operating point, so this AUC is
/// `(TPR + TNR) / 2`, the balanced accuracy); no method's soft score is used.
public struct BaselineJob: Sendable {
    /// Progress: `done` of `images` test images finished.
    public typealias Progress = (_ done: Int, _ images: Int) throws -> Void

    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Runs `settings` on `dataset` (a manifest id), or answers from the cache.
    public func run(
        _ settings: BaselineSettings, dataset: ContentID, force: Bool = false,
        progress: Progress = { _, _ in },
        waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        try settings.validate()
        let spec = settings.spec(dataset: dataset)
        let cached = try !force && store.run(spec.id)?.status == .done
        let samples = cached ? nil : try load(dataset)
        return try Executor(store: store).run(spec, force: force, waiting: waiting) { _ in
            try Self.compute(settings, samples: samples ?? load(dataset), progress: progress)
        }
    }

    /// Executes a spec of kind `baseline` (for `msdb run SPEC.json` and audits).
    public func run(spec: RunSpec, force: Bool = false, progress: Progress = { _, _ in }) throws -> RunOutcome
    {
        let settings = try BaselineSettings(spec: spec)
        guard let dataset = spec.inputs["dataset"] else {
            throw RunError.invalidInput(name: "inputs", reason: "missing input 'dataset'")
        }
        return try run(settings, dataset: dataset, force: force, progress: progress)
    }

    /// The method's mask of one image (0/1 per pixel); `index` numbers the image's random streams.
    public static func mask(_ settings: BaselineSettings, image: Image, index: Int, of count: Int) throws
        -> [UInt8]
    {
        let name = TestPredictions.paddedNumber(index, of: count)
        switch settings.method {
        case .otsu:
            return try Otsu.foreground(image).mask.pixels
        case .agt(let block, let offset):
            let threshold = try AdaptiveThreshold(blockSize: block, offset: offset)
            return try threshold.foreground(ThresholdBaselines.eightBit(image)).pixels
        case .dfc(let parameters):
            let clusters = ClusteringBaselines.dfc(
                networkInput(image), parameters: parameters, seed: settings.seed, name: name)
            return ClusterMapping.foreground(clusters: clusters, intensities: image.plane(channel: 0).values)
        case .ac(let parameters):
            let clusters = ClusteringBaselines.ac(
                networkInput(image), parameters: parameters, seed: settings.seed, name: name)
            return ClusterMapping.foreground(clusters: clusters, intensities: image.plane(channel: 0).values)
        }
    }

    /// The image z-scored as for training (its labels are not used).
    private static func networkInput(_ image: Image) -> TrainingExample {
        let none = LabelMap(
            width: image.width, height: image.height, labels: [UInt8](repeating: 0, count: image.pixelCount))
        return TrainingExample(LabeledImage(image: image, labels: none))
    }

    /// The run's product for `samples` (the test split): predictions and pooled metrics.
    public static func compute(
        _ settings: BaselineSettings, samples: [LabeledImage], progress: Progress = { _, _ in }
    ) throws -> RunProduct {
        var confusion = BinaryConfusion()
        var scores: [Double] = []
        var truth: [UInt8] = []
        var artifacts: [String: ProducedArtifact] = [:]
        for (index, sample) in samples.enumerated() {
            let mask = try mask(settings, image: sample.image, index: index, of: samples.count)
            try confusion.add(prediction: mask, truth: sample.labels.labels)
            scores += mask.map { Double($0) }
            truth += sample.labels.labels
            artifacts[TestPredictions.role(index, of: samples.count)] = ProducedArtifact(
                kind: .prediction,
                bytes: Data(
                    PredictionEncoding.bytes(
                        channels: 1, height: sample.image.height, width: sample.image.width,
                        scores: mask.map { Float($0) })))
            try progress(index + 1, samples.count)
        }
        var metrics = ["dice": confusion.dice, "iou": confusion.iou, "accuracy": confusion.accuracy]
        metrics["auc"] = try? ROCAUC.score(scores: scores, truth: truth)
        return RunProduct(artifacts: artifacts, metrics: metrics)
    }

    /// Reads and checks the dataset's test split.
    func load(_ dataset: ContentID) throws -> [LabeledImage] {
        func bad(_ reason: String) -> RunError { .unsuitableDataset(reason: reason) }
        let blob = try store.get(dataset)
        guard blob.kind == .dataset else {
            throw bad("\(dataset.hex) is a \(blob.kind.name) artifact, not a dataset")
        }
        let manifest = try DatasetManifest(canonicalBytes: Array(blob.bytes))
        guard manifest.task == "binary" else {
            throw bad("'\(manifest.name)' is a \(manifest.task) set; the baselines take binary sets")
        }
        guard !manifest[.test].isEmpty else { throw bad("'\(manifest.name)' has no test images") }
        let samples = try DatasetCatalog(store: store).content(of: manifest)[.test]
        for sample in samples where sample.image.channels != 1 || sample.image.palette != nil {
            throw bad("the baselines take single-channel gray images without a palette")
        }
        return samples
    }
}
