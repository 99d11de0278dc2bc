import ArgumentParser
import Datasets
import Jobs
import RandomStreams
import Reproduction
import Runs

/// `msdb dataset synth`: generates a synthetic dataset (or finds it in the database).
struct DatasetSynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate a synthetic dataset: er, mito, nuc, scenes or toy.",
        discussion: """
            Defaults are the paper's sizes: ER 157/28/38 and MITO 165/8/10 images of 256x256 pixels; NUC \
            and scenes 120/15/25; the toy one 256x256 image. Prints the dataset (manifest) id.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The generator: \(SyntheticKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String

    @Option(parsing: .unconditional, help: "The seed (a non-negative integer).")
    var seed: Seed = 0

    @Option(help: "The image side in pixels (default 256).")
    var size: Int?

    @Option(help: "Training images (default: the kind's).")
    var train: Int?

    @Option(help: "Validation images (default: the kind's).")
    var val: Int?

    @Option(help: "Test images (default: the kind's).")
    var test: Int?

    @Option(help: "The dataset's name (default: the kind).")
    var name: String?

    @Flag(help: "Recompute even if the database holds this dataset.")
    var force = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// The request the options describe; throws for an unknown kind or impossible sizes.
    func request() throws -> SynthesisRequest {
        guard let generator = SyntheticKind(rawValue: kind) else {
            throw ValidationError(
                "unknown kind '\(kind)': expected \(SyntheticKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let defaults = generator.defaultSizes
        let sizes = SplitSizes(
            train: train ?? defaults.train, val: val ?? defaults.val, test: test ?? defaults.test)
        let request = SynthesisRequest(kind: generator, imageSize: size, sizes: sizes, seed: seed)
        try DatasetCommand.reportingErrors { try request.validate() }
        return request
    }

    func validate() throws {
        _ = try request()
    }

    func run() throws {
        let request = try request()
        let progress = ProgressLine(label: "dataset \(request.kind.rawValue)")
        let outcome = try DatasetCommand.reportingErrors {
            try DatasetJob(store: global.openStore()).synthesize(
                request, name: name, force: force, progress: progress.update)
        }
        progress.finish()
        try DatasetResultJSON(outcome).print(json: json)
    }
}
