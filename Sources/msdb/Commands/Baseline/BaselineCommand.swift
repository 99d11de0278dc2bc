import ArgumentParser
import Jobs

/// `msdb baseline otsu|agt|dfc|ac`: one Table 3 baseline over a dataset's test split (kind
/// `baseline`), one subcommand per method with that method's options.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract:
            "Run a Table 3 baseline (otsu, agt, dfc, ac) on every test image of a dataset (a cached run).",
        discussion: """
            Prints the run id. otsu and agt are deterministic (agt scales each image to 8 bits, then OpenCV's \
            adaptive Gaussian threshold); dfc and ac train a small clustering network per image from --seed and \
            map its clusters to foreground by mean intensity (the brightest clusters), never by the ground \
            truth. Metrics over the pooled test pixels: dice, iou, accuracy of the masks, and auc of the 0/1 \
            masks as scores.
            """,
        subcommands: [
            BaselineOtsuCommand.self, BaselineAGTCommand.self, BaselineDFCCommand.self,
            BaselineACCommand.self,
        ]
    )
}

/// A `baseline` subcommand: its options describe one method's settings; checking them and running
/// are shared.
protocol BaselineMethodCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var dataset: DatasetOption { get }
    var options: RunOptions { get }
    /// The settings the options describe (not yet validated).
    func settings() -> BaselineSettings
}

extension BaselineMethodCommand {
    /// The settings, checked; throws for a bad value before anything runs.
    func checkedSettings() throws -> BaselineSettings {
        let settings = settings()
        try settings.validate()
        return settings
    }

    func validate() throws {
        try RunOptions.validateSettings(checkedSettings)
    }

    func run() throws {
        let settings = try checkedSettings()
        try options.run(on: dataset, global: global, label: "baseline \(settings.method.name)") {
            store, dataset, progress in
            try BaselineJob(store: store).run(
                settings, dataset: dataset, force: options.force,
                progress: { done, images in
                    progress.reportImages(done, of: images, everyImage: settings.method.isSeeded)
                },
                waiting: progress.waiting(for:))
        }
    }
}
