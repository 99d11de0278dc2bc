public import ArtifactStore
internal import Datasets
internal import Foundation
internal import Imaging

/// Supervised training as a cached, resumable run of kind `train` (`TrainingSettings`).
///
/// Before anything is recorded the dataset is read and checked: a binary task, at least `batch`
/// training images and one test image, every image of one size and channel count (a size the
/// network accepts), no palette images. Errors are `invalidParameter`, and nothing is recorded.
///
/// The run (`TrainingLoop`) writes a checkpoint per epoch (`checkpoint/epoch-<k>`) as it goes; a
/// failed or killed run resumes after its last checkpoint and ends with the same outputs as an
/// uninterrupted one. Outputs: `checkpoint` (the final state), `curve/dice` (test Dice per epoch),
/// `curve/loss` (training loss per step), `prediction/test/<index>` (sigmoid probabilities per
/// test image). Metrics: `TestEvaluation`'s.
public struct TrainingJob: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Trains `settings` on the dataset `dataset` (a manifest id), or answers from the cache.
    /// `progress` may throw to stop training; `waiting` is called while another process computes the run: the run is then recorded as failed, its
    /// checkpoints kept for the next attempt.
    public func train(
        _ settings: TrainingSettings, dataset: ContentID, force: Bool = false,
        progress: (TrainingProgress) throws -> Void = { _ in },
        waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        try settings.validate()
        let spec = settings.spec(dataset: dataset)
        // A recorded run is answered without reading the dataset; otherwise the data is read and
        // checked before the run is claimed, so bad input records nothing. (Had the run been
        // recorded, its data passed these checks, so reading it inside the job cannot fail them.)
        let cached = try !force && store.run(spec.id)?.status == .done
        let data = cached ? nil : try load(dataset, settings: settings)
        return try Executor(store: store).run(spec, force: force, waiting: waiting) { context in
            let (train, test) = try data ?? load(dataset, settings: settings)
            var loop = try TrainingLoop(settings: settings, train: train, test: test, context: context)
            return try loop.run(progress: progress)
        }
    }

    /// Reads and checks the dataset's train and test splits.
    func load(_ dataset: ContentID, settings: TrainingSettings) throws -> (
        train: [TrainingExample], test: [TrainingExample]
    ) {
        func bad(_ reason: String) -> EngineError { .invalidParameter(name: "dataset", reason: reason) }
        let blob = try store.get(dataset)
        guard blob.kind == .dataset else {
            throw bad("\(dataset.hex) is a \(blob.kind.name) artifact, not a dataset")
        }
        let manifest = try DatasetManifest(canonicalBytes: Array(blob.bytes))
        guard manifest.task == "binary" else {
            throw bad("'\(manifest.name)' is a \(manifest.task) set; supervised training takes binary sets")
        }
        guard manifest[.train].count >= settings.batch else {
            throw bad(
                "'\(manifest.name)' has \(manifest[.train].count) training images, fewer than the batch of \(settings.batch)"
            )
        }
        guard !manifest[.test].isEmpty else { throw bad("'\(manifest.name)' has no test images") }
        let content = try DatasetCatalog(store: store).content(of: manifest)
        let samples = content[.train] + content[.test]
        let first = samples[0].image
        let multiple = settings.network.sizeMultiple
        for sample in samples {
            let image = sample.image
            guard image.width == first.width, image.height == first.height, image.channels == first.channels
            else {
                throw bad(
                    "images differ in size or channels (\(first.width)×\(first.height)×\(first.channels) and "
                        + "\(image.width)×\(image.height)×\(image.channels))")
            }
            guard image.palette == nil else {
                throw bad("palette images are not supported; import them as gray or RGB")
            }
        }
        guard first.width % multiple == 0, first.height % multiple == 0 else {
            throw bad(
                "\(settings.network.architecture) needs sides divisible by \(multiple), the images are "
                    + "\(first.width)×\(first.height)")
        }
        return (content[.train].map(TrainingExample.init), content[.test].map(TrainingExample.init))
    }
}
