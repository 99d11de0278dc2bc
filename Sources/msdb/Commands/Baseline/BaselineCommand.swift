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

/// A `baseline` subcommand: its options describe one method's settings; checking them (through
/// `SettingsCommand`) and running are shared.
protocol BaselineMethodCommand: SettingsCommand where Settings == BaselineSettings {
    var global: GlobalOptions { get }
    var dataset: DatasetOption { get }
    var options: RunOptions { get }
    /// The method and parameters the options name, not yet checked.
    func method() -> BaselineSettings
}

extension BaselineMethodCommand {
    func settings() throws -> BaselineSettings {
        let settings = method()
        try settings.validate()
        return settings
    }

    func run() throws {
        let settings = try settings()
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
