import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import RandomStreams
import Reproduction
import Runs

/// `msdb igtt`: one run of the paper's unsupervised iGTT (kind `igtt`), cached and resumable.
struct IGTTCommand: SettingsCommand {
    static let configuration = CommandConfiguration(
        commandName: "igtt",
        abstract: "Train a U-Net without labels by iGTT (a cached, resumable run).",
        discussion: """
            Prints the run id. Epoch 1 trains on all-zero labels; afterwards each training image's label is \
            the threshold of the previous epoch's sigmoid map that minimises the DMI score among K thresholds, \
            inverted if mostly foreground, then thinned by EMS (skeleton, shifted by up to r pixels, a fraction \
            p kept), redrawn every epoch. --no-ems trains on the thresholded labels directly ("iGTT w/o EMS"). \
            Loss: DMI + soft IoU. Each epoch's pseudo-labels and checkpoint are stored, so an interrupted run \
            resumes after its last epoch. Test Dice, IoU and accuracy count a pixel as foreground where \
            its score > 0.5, the score oriented by --threshold-rule.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var dataset: DatasetOption

    @Flag(name: .customLong("no-ems"), help: "Train on the thresholded labels without EMS.")
    var noEMS = false

    @Option(help: "The U-Net's base width (default 16).")
    var width = 16

    @Option(help: "The U-Net's depth (default 4).")
    var depth = 4

    @OptionGroup var schedule: ScheduleOptions

    @Option(help: "K, the number of thresholds per image.")
    var thresholds = 30

    @Option(name: .customLong("ems-radius"), help: "EMS's largest shift r, in pixels.")
    var emsRadius = 1

    @Option(name: .customLong("ems-fraction"), help: "EMS's kept fraction p of skeleton pixels, in [0, 1].")
    var emsFraction = 0.1

    @Option(
        name: .customLong("soft-iou"),
        help: "The soft IoU: paper (1 - sum py / sum(p + y - py)) or official (p squared in the union).")
    var softIoU = IGTTSettings.SoftIoU.paper

    @Option(
        name: .customLong("threshold-rule"),
        help: ArgumentHelp(
            "How test scores become masks: intensity-sigmoid>0.5 (1 - sigmoid when the last epoch's maps "
                + "correlate negatively with image intensity), oriented-sigmoid>0.5 (1 - sigmoid when the last "
                + "epoch inverted most candidates) or sigmoid>0.5 (the raw map)."))
    var thresholdRule = IGTTSettings.ThresholdRule.intensity

    @Option(parsing: .unconditional, help: "The seed (a non-negative integer).")
    var seed: Seed = 0

    @OptionGroup var options: RunOptions

    func settings() throws -> IGTTSettings {
        var settings = IGTTSettings(
            network: try NetworkConfiguration(architecture: "unet", width: width, depth: depth))
        settings.schedule = schedule.schedule
        settings.thresholds = thresholds
        settings.ems = !noEMS
        settings.emsRadius = emsRadius
        settings.emsFraction = emsFraction
        settings.softIoU = softIoU
        settings.thresholdRule = thresholdRule
        settings.seed = seed
        try settings.validate()
        return settings
    }

    func run() throws {
        let settings = try settings()
        try options.run(on: dataset, global: global, label: settings.ems ? "igtt" : "igtt w/o ems") {
            store, dataset, progress in
            try IGTTJob(store: store).run(
                settings, dataset: dataset, force: options.force, progress: progress.report,
                waiting: progress.waiting(for:))
        }
    }
}
