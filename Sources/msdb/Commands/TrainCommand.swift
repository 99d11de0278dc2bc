import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import LabelNoise
import RandomStreams
import Reproduction
import Runs

/// `msdb train`: one supervised training run (kind `train`), cached and resumable.
struct TrainCommand: SettingsCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Train a segmentation network on a dataset's clean or noisy labels (a cached, resumable run).",
        discussion: """
            Prints the run id. The same dataset, settings and seed are answered from the database; a run that \
            was interrupted resumes after its last per-epoch checkpoint and ends with the same outputs. Defaults \
            are the official training's (SGD momentum 0.9, lr 0.05, weight decay 1e-3, x0.1 every 20 epochs, \
            100 epochs, batch 32) with a CPU-sized network (U-Net width 16, depth 4). Test Dice, IoU and \
            accuracy count a pixel as foreground where sigmoid > 0.5. Images are z-scored per channel on \
            colour sets and over the whole image on single-channel ones (--normalization). BLAS runs with --threads threads (default \
            1), recorded in the run's environment; results are the same bits at any thread count.

            --labels replaces the train split's labels by noisy ones (the test split keeps its clean labels): \
            rs (random sampling, keep a fraction --p of each class; --variant ignore|background for the rest), \
            rf (flip a fraction --p of each class), rl (random labels, foreground with probability --p), \
            dilate, erode, skeleton. Each noisy label is a cached `label` run whose seed derives from --seed and \
            the image's position, so models trained with one seed see the same noisy labels. unet and \
            deeplabv3plus train on binary sets; deeplabv3 (softmax, cross-entropy, test mIoU) on multi-class \
            sets; rl and the morphological labels need a binary set.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var dataset: DatasetOption

    @Option(help: "The network.")
    var model = NetworkArchitecture.unet

    @Option(help: "The network's base width (default: U-Net and DeepLab 16, HRNet 8 for the first branch).")
    var width: Int?

    @Option(help: "The U-Net's depth, its number of down-sampling steps (default 4).")
    var depth: Int?

    @Option(help: "The train labels (cl: the clean labels).")
    var labels = LabelSource.Name.cl

    @Option(help: "The noise probability of rs, rf and rl labels, in [0, 1].")
    var p: Double?

    @Option(
        help: "What rs does with unsampled pixels: ignore (default, excluded from the loss) or background.")
    var variant: RandomSampling.Unsampled?

    @Option(
        help: """
            How images are z-scored: auto (per channel for colour sets, over the whole image for \
            single-channel ones), image or channel.
            """)
    var normalization = NormalizationChoice.auto

    @OptionGroup var schedule: ScheduleOptions

    @Option(parsing: .unconditional, help: "The seed (a non-negative integer).")
    var seed: Seed = 0

    @OptionGroup var options: RunOptions

    /// The settings the options describe; throws for a bad value before anything runs.
    func settings() throws -> TrainingSettings {
        var settings = TrainingSettings(
            network: try NetworkConfiguration(architecture: model, width: width, depth: depth))
        settings.schedule = schedule.schedule
        settings.seed = seed
        settings.labels = try LabelSource(name: labels, ratio: p, variant: variant)
        settings.normalization = normalization.rule ?? .image
        try settings.validate()
        return settings
    }

    func run() throws {
        var settings = try settings()
        let metrics = settings.network.isMulticlass ? ["miou", "accuracy"] : RunResultPrinter.binaryMetrics
        try options.run(
            on: dataset, global: global, label: "train \(settings.network.architecture)", metrics: metrics
        ) { store, dataset, progress in
            let job = TrainingJob(store: store)
            settings.normalization = try normalization.rule ?? job.suitedNormalization(dataset: dataset)
            return try job.train(
                settings, dataset: dataset, force: options.force, progress: progress.report,
                waiting: progress.waiting(for:))
        }
    }
}
