import ArgumentParser
import ArtifactStore
import Foundation
import Jobs
import RandomStreams
import Reproduction
import Runs

/// `msdb baseline otsu|agt|dfc|ac`: one Table 3 baseline over a dataset's test split (kind `baseline`).
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
            masks as scores. Options of another method are refused.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The method: otsu, agt, dfc or ac.")
    var method: String

    @Option(help: "The dataset: its manifest id, the id of the run that made it, or a unique prefix.")
    var dataset: String

    @Option(help: "agt: the block size (odd, default 25).")
    var block: Int?

    @Option(help: "agt: the offset C subtracted from the local mean (default -10).")
    var offset: Double?

    @Option(help: "dfc: feature channels q (default 100).")
    var channels: Int?

    @Option(help: "dfc, ac: 3x3 convolutions (default 2 for dfc, 3 for ac).")
    var convolutions: Int?

    @Option(help: "dfc: the continuity weight mu (default 1).")
    var mu: Double?

    @Option(help: "dfc: SGD learning rate (default 0.1); ac: Adam learning rate (default 0.01).")
    var lr: Double?

    @Option(help: "dfc: SGD momentum (default 0.9).")
    var momentum: Double?

    @Option(help: "dfc: at most this many iterations per image (default 1000); ac: iterations (default 200).")
    var iterations: Int?

    @Option(name: .customLong("min-labels"), help: "dfc: stop once this few clusters remain (default 3).")
    var minLabels: Int?

    @Option(help: "ac: network width (default 16).")
    var width: Int?

    @Option(help: "ac: clusters (default 2).")
    var clusters: Int?

    @Option(
        name: .customLong("half-window"), help: "ac: the IIC displacement window's half side (default 1).")
    var halfWindow: Int?

    @Option(help: "dfc, ac: the seed (a non-negative integer).")
    var seed: Seed?

    @OptionGroup var options: RunOptions

    func settings() throws -> BaselineSettings {
        var settings = try BaselineSettings(methodNamed: method)
        var given: [(String, Bool)] = [
            ("block", block != nil), ("offset", offset != nil), ("channels", channels != nil),
            ("convolutions", convolutions != nil), ("mu", mu != nil), ("lr", lr != nil),
            ("momentum", momentum != nil), ("iterations", iterations != nil),
            ("min-labels", minLabels != nil),
            ("width", width != nil), ("clusters", clusters != nil), ("half-window", halfWindow != nil),
            ("seed", seed != nil),
        ]
        func allow(_ names: [String]) throws {
            given.removeAll { names.contains($0.0) }
            if let other = given.first(where: \.1) {
                throw ValidationError("--\(other.0) does not apply to \(method)")
            }
        }
        switch settings.method {
        case .otsu:
            try allow([])
        case .agt(let defaultBlock, let defaultOffset):
            try allow(["block", "offset"])
            settings.method = .agt(block: block ?? defaultBlock, offset: offset ?? defaultOffset)
        case .dfc(var p):
            try allow([
                "channels", "convolutions", "mu", "lr", "momentum", "iterations", "min-labels", "seed",
            ])
            p.channels = channels ?? p.channels
            p.convolutions = convolutions ?? p.convolutions
            p.mu = mu ?? p.mu
            p.learningRate = lr ?? p.learningRate
            p.momentum = momentum ?? p.momentum
            p.iterations = iterations ?? p.iterations
            p.minLabels = minLabels ?? p.minLabels
            settings.method = .dfc(p)
        case .ac(var p):
            try allow(["width", "clusters", "convolutions", "lr", "iterations", "half-window", "seed"])
            p.width = width ?? p.width
            p.clusters = clusters ?? p.clusters
            p.convolutions = convolutions ?? p.convolutions
            p.learningRate = lr ?? p.learningRate
            p.iterations = iterations ?? p.iterations
            p.halfWindow = halfWindow ?? p.halfWindow
            settings.method = .ac(p)
        }
        settings.seed = seed ?? 0
        try settings.validate()
        return settings
    }

    func validate() throws {
        try RunOptions.validateSettings(settings)
    }

    func run() throws {
        let settings = try settings()
        let store = try global.openStore()
        let (datasetID, _) = try DatasetCatalog(store: store).resolve(dataset)
        options.applyThreads()
        let line = ProgressLine(label: "baseline \(method)")
        let outcome = try BaselineJob(store: store).run(
            settings, dataset: datasetID, force: options.force,
            progress: { done, images in
                if CommandOutput.stderrIsTerminal {
                    line.show("image \(done)/\(images)", force: done == images)
                } else if done == images || settings.method.isSeeded {
                    CommandOutput.note("baseline \(method): image \(done)/\(images)")
                }
            },
            waiting: { holder in CommandOutput.note("waiting for \(holder), which is computing this run") })
        line.finish()
        try RunResultPrinter.print(outcome, store: store, json: options.json)
    }
}
