public import ArtifactStore
internal import Foundation
public import Runs

/// iGTT as a cached, resumable run of kind `igtt` (`IGTTSettings`, trained by `EpochTrainer` with an `IGTTObjective`).
///
/// Before anything is recorded the dataset is read and checked as for supervised training (a binary
/// task, at least `batch` training images, one test image, one image size the U-Net accepts); the
/// train split's labels are never read by the training, only the test split's for evaluation.
///
/// Outputs: `checkpoint/epoch-<k>` and `checkpoint` (the final state), `pseudo/epoch-<k>/<NNN>` (each
/// training image's oriented candidate label after epoch `k`, a `label` artifact), `curve/dice` (test
/// Dice per epoch), `curve/loss` (per step), `prediction/test/<NNN>` (sigmoid probabilities).
/// Metrics over the pooled test pixels (`TestEvaluation`): `dice`, `iou`, `accuracy` at
/// sigmoid > 0.5, `auc` of the probabilities, `iou_searched` at `threshold_searched`.
public struct IGTTJob: Sendable {
    public let store: Store
    /// How often the run keeps an epoch checkpoint to resume from (`CheckpointCadence`).
    public var checkpointCadence: CheckpointCadence

    public init(store: Store, checkpointCadence: CheckpointCadence = .fromEnvironment()) {
        self.store = store
        self.checkpointCadence = checkpointCadence
    }

    /// Runs `settings` on the dataset `dataset` (a manifest id), or answers from the cache.
    /// `progress` may throw to stop the run: it is then recorded as failed, its checkpoints and
    /// pseudo-labels kept for the next attempt.
    public func run(
        _ settings: IGTTSettings, dataset: ContentID, force: Bool = false,
        progress: (TrainingProgress) throws -> Void = { _ in }, waiting: (String) -> Void = { _ in }
    ) throws -> RunOutcome {
        try settings.validate()
        let spec = settings.spec(dataset: dataset)
        let cached = try !force && store.run(spec.id)?.status == .done
        let data = cached ? nil : try load(dataset, settings: settings)
        var executor = Executor(store: store)
        executor.checkpointCadence = checkpointCadence
        return try executor.run(spec, force: force, waiting: waiting) { context in
            let (train, test) = try data ?? load(dataset, settings: settings)
            var trainer = try EpochTrainer(
                objective: IGTTObjective(settings: settings, train: train, test: test),
                network: settings.network, schedule: settings.schedule, seed: settings.seed,
                hyperparameters: settings.checkpointHyperparameters, context: context)
            return try trainer.run(progress: progress)
        }
    }

    /// Executes a spec of kind `igtt` (for `msdb run SPEC.json` and audits).
    public func run(
        spec: RunSpec, force: Bool = false, progress: (TrainingProgress) throws -> Void = { _ in }
    ) throws -> RunOutcome {
        let settings = try IGTTSettings(spec: spec)
        guard let dataset = spec.inputs["dataset"] else {
            throw RunError.invalidInput(name: "inputs", reason: "missing input 'dataset'")
        }
        return try run(settings, dataset: dataset, force: force, progress: progress)
    }

    func load(_ dataset: ContentID, settings: IGTTSettings) throws -> (
        train: [TrainingExample], test: [TrainingExample]
    ) {
        let blob = try store.get(dataset)
        if blob.kind == .dataset, case let manifest = try DatasetManifest(canonicalBytes: Array(blob.bytes)),
            manifest.task != "binary"
        {
            throw RunError.unsuitableDataset(
                reason: "'\(manifest.name)' is a \(manifest.task) set; iGTT takes binary sets")
        }
        var checks = TrainingSettings(network: settings.network)
        checks.schedule.batch = settings.schedule.batch
        return try TrainingJob(store: store).examples(dataset, settings: checks)
    }
}
