public import ArtifactStore
internal import Datasets
internal import Foundation
internal import Imaging
internal import LabelNoise
public import Runs

/// Supervised training as a cached, resumable run of kind `train` (`TrainingSettings`).
///
/// Before anything is recorded the dataset is read and checked: a task that suits the network
/// (binary sets for U-Net and DeepLabv3+, multi-class sets for DeepLabv3) and the labels (RL and
/// the morphological labels need a binary set), at least `batch` training images and one test
/// image, every image of one size and channel count (a size the network accepts), no palette
/// images. Errors are `unsuitableDataset` (or `invalidParameter` for the labels), and nothing is
/// recorded.
///
/// Noisy labels: each train image's noisy label is made by a `LabelJob` (a cached `label` run on
/// its clean label, seeded by `LabelSource.labelSeed(run:trainIndex:)`), the `LabelSet` of them is
/// recorded by its `label_set` run, and the training spec gets the input `labels` = the set's id.
/// Only the train split's labels are replaced; the test split is evaluated on its clean labels.
///
/// The run (`EpochTrainer` with a `SupervisedObjective`) writes a checkpoint per epoch (`checkpoint/epoch-<k>`) as it goes; a
/// failed or killed run resumes after its last checkpoint and ends with the same outputs as an
/// uninterrupted one. Outputs of a binary run: `checkpoint` (the final state), `curve/dice` (test
/// Dice per epoch), `curve/loss` (training loss per step), `prediction/test/<index>` (sigmoid
/// probabilities per test image); metrics: `TestEvaluation`'s. A multi-class run has `curve/miou`
/// (test mIoU per epoch) instead of `curve/dice`, `prediction/test/<index>` as `label` artifacts
/// (the argmax class maps), `confusion` (the pooled test confusion matrix); metrics:
/// `MulticlassEvaluation`'s.
public struct TrainingJob: Sendable {
    public let store: Store
    /// How often the run keeps an epoch checkpoint to resume from (`CheckpointCadence`).
    public var checkpointCadence: CheckpointCadence

    public init(store: Store, checkpointCadence: CheckpointCadence = .fromEnvironment()) {
        self.store = store
        self.checkpointCadence = checkpointCadence
    }

    /// Trains `settings` on the dataset `dataset` (a manifest id), or answers from the cache.
    /// `progress` may throw to stop training: the run is then recorded as failed, its checkpoints
    /// kept for the next attempt. `waiting` is called while another process computes the run.
    public func train(
        _ settings: TrainingSettings, dataset: ContentID, force: Bool = false,
        progress: (TrainingProgress) throws -> Void = { _ in },
        waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        try train(
            settings, dataset: dataset, expected: nil, force: force, progress: progress, waiting: waiting)
    }

    /// Runs a `train` spec (a stored or hand-written one): its settings are read with
    /// `TrainingSettings(spec:)`, its `dataset` input is the manifest, and a `labels` input must be
    /// the label set these settings derive on that dataset (the noisy labels are remade, or found,
    /// through their `label` runs before the check). The run is then exactly the spec's.
    ///
    /// - Throws: `RunError` refusals for a bad spec, missing or extra inputs, a `labels`
    ///   input other than the derived one, or another engine version; what `train` throws.
    public func run(
        spec: RunSpec, force: Bool = false, progress: (TrainingProgress) throws -> Void = { _ in },
        waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        let settings = try TrainingSettings(spec: spec)
        let roles = settings.labels == .clean ? ["dataset"] : ["dataset", "labels"]
        guard spec.inputs.keys.sorted() == roles else {
            throw RunError.invalidInput(
                name: "inputs",
                reason: "\(settings.labels.name) training reads \(roles.joined(separator: " and ")), "
                    + "the spec has \(spec.inputs.keys.sorted().joined(separator: ", "))")
        }
        guard spec.engineVersion == EngineVersion.current else {
            throw RunError.invalidSpec(
                field: "engine_version",
                reason: "the spec is for engine \(spec.engineVersion), this is \(EngineVersion.current)")
        }
        guard let dataset = spec.inputs["dataset"] else {
            preconditionFailure("TrainingJob.run(spec:): dataset input checked above")
        }
        return try train(
            settings, dataset: dataset, expected: spec, force: force, progress: progress, waiting: waiting)
    }

    private func train(
        _ settings: TrainingSettings, dataset: ContentID, expected: RunSpec?, force: Bool,
        progress: (TrainingProgress) throws -> Void, waiting: (String) -> Void
    ) throws -> RunOutcome {
        try settings.validate()
        let manifest = try checkedManifest(dataset, settings: settings)
        // A recorded run is answered without reading the images; otherwise the data is read and
        // checked before any run is claimed, so bad input records nothing. (Had the run been
        // recorded, its data passed these checks, so reading it inside the job cannot fail them.)
        var spec = try recordedSpec(settings, dataset: dataset, manifest: manifest)
        let cached = try !force && (spec.map { try store.run($0.id)?.status == .done } ?? false)
        var data: (train: [LabeledImage], test: [LabeledImage])?
        if !cached {
            data = try load(manifest, settings: settings)
            var labelSet: ContentID?
            if let recipe = try settings.labels.recipe(classes: Self.classCount(manifest)) {
                labelSet = try noisyLabels(recipe, settings: settings, dataset: dataset, manifest: manifest)
            }
            spec = settings.spec(dataset: dataset, labels: labelSet)
        }
        guard let spec else { preconditionFailure("TrainingJob: no spec for \(settings.labels.name) labels") }
        if let expected, let input = expected.inputs["labels"], input != spec.inputs["labels"] {
            throw RunError.invalidInput(
                name: "labels",
                reason: "input \(input.hex) is not the label set these settings derive on \(dataset.short), "
                    + (spec.inputs["labels"]?.hex ?? "none"))
        }
        if let expected, expected.id != spec.id {
            throw RunError.invalidSpec(
                field: "spec", reason: "it does not read back to itself: \(spec.canonicalText)")
        }
        let classNames = settings.network.isMulticlass ? manifest.classes : nil
        var executor = Executor(store: store)
        executor.checkpointCadence = checkpointCadence
        return try executor.run(spec, force: force, waiting: waiting) { context in
            let (train, test) = try data ?? load(manifest, settings: settings)
            let objective = SupervisedObjective(
                train: try examples(
                    train: train, labelSet: spec.inputs["labels"], normalization: settings.normalization),
                test: test.map { TrainingExample($0, normalization: settings.normalization) },
                classNames: classNames)
            var trainer = try EpochTrainer(
                objective: objective, network: settings.network, schedule: settings.schedule,
                seed: settings.seed, hyperparameters: settings.checkpointHyperparameters, context: context)
            return try trainer.run(progress: progress)
        }
    }

    /// The train examples: the clean train split, its labels replaced by the label set's when given.
    private func examples(train: [LabeledImage], labelSet: ContentID?, normalization: Normalization) throws
        -> [TrainingExample]
    {
        guard let labelSet else { return train.map { TrainingExample($0, normalization: normalization) } }
        let set = try LabelSet(canonicalBytes: Array(store.get(labelSet).bytes))
        precondition(
            set.labels.count == train.count,
            "TrainingJob: label set \(labelSet.hex) has \(set.labels.count) labels for \(train.count) images")
        return try zip(train, set.labels).map { sample, id in
            let labels = try LabelMap(canonicalBytes: Array(store.get(id).bytes))
            return TrainingExample(
                LabeledImage(image: sample.image, labels: labels), normalization: normalization)
        }
    }

    /// The spec of the run when everything it reads is already recorded: for noisy labels, every
    /// train image's `label` run and the `label_set` run must be done. Nil otherwise.
    private func recordedSpec(_ settings: TrainingSettings, dataset: ContentID, manifest: DatasetManifest)
        throws -> RunSpec?
    {
        guard let recipe = try settings.labels.recipe(classes: Self.classCount(manifest)) else {
            return settings.spec(dataset: dataset)
        }
        var labels: [ContentID] = []
        for (index, entry) in manifest[.train].enumerated() {
            let job = LabelJob(
                recipe: recipe, seed: LabelSource.labelSeed(run: settings.seed, trainIndex: index))
            guard let record = try store.run(job.spec(clean: entry.label).id), record.status == .done,
                let label = record.outputs["label"]
            else { return nil }
            labels.append(label)
        }
        let setSpec = LabelSet(labels: labels).spec(dataset: dataset)
        guard let record = try store.run(setSpec.id), record.status == .done,
            let id = record.outputs["labels"]
        else { return nil }
        return settings.spec(dataset: dataset, labels: id)
    }

    /// Makes (or finds) every train image's noisy label and records their `LabelSet`; returns its id.
    private func noisyLabels(
        _ recipe: NoiseRecipe, settings: TrainingSettings, dataset: ContentID, manifest: DatasetManifest
    ) throws -> ContentID {
        let ids = try manifest[.train].enumerated().map { index, entry in
            let job = LabelJob(
                recipe: recipe, seed: LabelSource.labelSeed(run: settings.seed, trainIndex: index))
            return try job.run(cleanID: entry.label, store: store).label
        }
        return try LabelSet(labels: ids).record(dataset: dataset, store: store)
    }

    /// The number of classes noisy labels are drawn among: 2 for a binary set.
    private static func classCount(_ manifest: DatasetManifest) -> Int {
        manifest.task == "binary" ? 2 : manifest.classes.count
    }

    /// The z-scoring rule that suits `dataset`'s images (`Normalization.suited(toChannels:)`), read
    /// from its first train image: per channel for colour sets, whole-image for single-channel ones.
    ///
    /// - Throws: `unsuitableDataset` for an artifact that is not a dataset or has no train images;
    ///   store errors.
    public func suitedNormalization(dataset: ContentID) throws -> Normalization {
        let blob = try store.get(dataset)
        guard blob.kind == .dataset else {
            throw RunError.unsuitableDataset(
                reason: "\(dataset.hex) is a \(blob.kind.name) artifact, not a dataset")
        }
        let manifest = try DatasetManifest(canonicalBytes: Array(blob.bytes))
        guard let first = manifest[.train].first else {
            throw RunError.unsuitableDataset(reason: "'\(manifest.name)' has no training images")
        }
        let image = try Image(canonicalBytes: Array(store.get(first.image).bytes))
        return .suited(toChannels: image.channels)
    }

    /// The checked train and test splits of `dataset` as clean-labelled examples (for runs that
    /// train on a binary set's images the way supervised training does, such as iGTT).
    func examples(_ dataset: ContentID, settings: TrainingSettings) throws -> (
        train: [TrainingExample], test: [TrainingExample]
    ) {
        let (train, test) = try load(checkedManifest(dataset, settings: settings), settings: settings)
        let prepare = { TrainingExample($0, normalization: settings.normalization) }
        return (train.map(prepare), test.map(prepare))
    }

    /// Reads the manifest and checks what it alone decides.
    private func checkedManifest(_ dataset: ContentID, settings: TrainingSettings) throws -> DatasetManifest {
        func bad(_ reason: String) -> RunError { .unsuitableDataset(reason: reason) }
        let blob = try store.get(dataset)
        guard blob.kind == .dataset else {
            throw bad("\(dataset.hex) is a \(blob.kind.name) artifact, not a dataset")
        }
        let manifest = try DatasetManifest(canonicalBytes: Array(blob.bytes))
        let architecture = settings.network.architecture
        if settings.network.isMulticlass {
            guard manifest.task == "multiclass" else {
                throw bad(
                    "'\(manifest.name)' is a \(manifest.task) set; \(architecture) trains on multi-class sets"
                )
            }
        } else {
            guard manifest.task == "binary" else {
                throw bad(
                    "'\(manifest.name)' is a \(manifest.task) set; \(architecture) trains on binary sets "
                        + "(deeplabv3 on multi-class ones)")
            }
        }
        if settings.labels.needsBinarySet && manifest.task != "binary" {
            throw RunError.invalidParameter(
                name: "labels",
                reason: "\(settings.labels.name) labels need a binary set, '\(manifest.name)' is not")
        }
        guard manifest[.train].count >= settings.schedule.batch else {
            throw bad(
                "'\(manifest.name)' has \(manifest[.train].count) training images, fewer than the batch of \(settings.schedule.batch)"
            )
        }
        guard !manifest[.test].isEmpty else { throw bad("'\(manifest.name)' has no test images") }
        return manifest
    }

    /// Reads the manifest's train and test splits and checks the images.
    private func load(_ manifest: DatasetManifest, settings: TrainingSettings) throws -> (
        train: [LabeledImage], test: [LabeledImage]
    ) {
        func bad(_ reason: String) -> RunError { .unsuitableDataset(reason: reason) }
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
        return (content[.train], content[.test])
    }
}
