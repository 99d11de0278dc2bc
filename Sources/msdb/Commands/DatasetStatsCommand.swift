import ArgumentParser
import ArtifactStore
import Datasets
import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb dataset stats`: counts, sizes, foreground fraction and the classical baselines' Dice.
struct DatasetStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Describe a dataset: counts, image sizes, foreground fraction, Otsu and AGT Dice.",
        discussion: """
            ID is the dataset (manifest) id, the id of the run that made it, or a prefix of 8+ characters. \
            For binary sets, Otsu and AGT (adaptive Gaussian threshold on the image scaled to 8 bits, block \
            \(ThresholdBaselines.agtBlockSize), offset \(Int(ThresholdBaselines.agtOffset))) are scored on the test \
            split with its pixels pooled: the calibration figures of Table 3's baselines.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The dataset id, its run's id, or a prefix of either.")
    var id: String

    @Flag(help: "Print the statistics as JSON.")
    var json = false

    func run() throws {
        let report = try DatasetCommand.reportingErrors {
            let catalog = DatasetCatalog(store: try global.openStore())
            let (resolved, manifest) = try catalog.resolve(id)
            let statistics = try DatasetStatistics(content: catalog.content(of: manifest))
            return DatasetStatsJSON(id: resolved.hex, manifest: manifest, statistics: statistics)
        }
        if json {
            try CommandOutput.printJSON(report)
            return
        }
        print("dataset \(report.id)")
        print("name \(report.name), \(report.task), classes \(report.classes.joined(separator: " "))")
        print(
            Split.allCases.map { "\($0.rawValue) \(report.splits[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        )
        print("image sizes \(report.imageSizes.joined(separator: " "))")
        print(String(format: "foreground fraction %.4f", report.foregroundFraction))
        if let otsu = report.otsuDiceTest, let agt = report.agtDiceTest {
            print(
                String(
                    format: "test dice: otsu %.4f, agt %.4f (block %d, offset %g)", otsu, agt,
                    report.agtBlockSize, report.agtOffset))
        }
    }
}

/// `msdb dataset stats --json`: `id`, `name`, `task`, `classes`, `splits`, `image_sizes`,
/// `foreground_fraction`, and for binary sets with a test split `otsu_dice_test`, `agt_dice_test`
/// (null otherwise) with the AGT settings `agt_block_size`, `agt_offset`.
struct DatasetStatsJSON: Encodable {
    let id: String
    let name: String
    let task: String
    let classes: [String]
    let splits: [String: Int]
    let imageSizes: [String]
    let foregroundFraction: Double
    let otsuDiceTest: Double?
    let agtDiceTest: Double?
    let agtBlockSize = ThresholdBaselines.agtBlockSize
    let agtOffset = ThresholdBaselines.agtOffset

    init(id: String, manifest: DatasetManifest, statistics: DatasetStatistics) {
        self.id = id
        name = manifest.name
        task = manifest.task
        classes = manifest.classes
        splits = Dictionary(uniqueKeysWithValues: Split.allCases.map { ($0.rawValue, statistics.sizes[$0]) })
        imageSizes = statistics.imageSizes
        foregroundFraction = statistics.foregroundFraction
        otsuDiceTest = statistics.otsuDice
        agtDiceTest = statistics.agtDice
    }

    enum CodingKeys: String, CodingKey {
        case id, name, task, classes, splits
        case imageSizes = "image_sizes"
        case foregroundFraction = "foreground_fraction"
        case otsuDiceTest = "otsu_dice_test"
        case agtDiceTest = "agt_dice_test"
        case agtBlockSize = "agt_block_size"
        case agtOffset = "agt_offset"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(task, forKey: .task)
        try container.encode(classes, forKey: .classes)
        try container.encode(splits, forKey: .splits)
        try container.encode(imageSizes, forKey: .imageSizes)
        try container.encode(foregroundFraction, forKey: .foregroundFraction)
        try container.encode(otsuDiceTest, forKey: .otsuDiceTest)  // null for multi-class sets
        try container.encode(agtDiceTest, forKey: .agtDiceTest)
        try container.encode(agtBlockSize, forKey: .agtBlockSize)
        try container.encode(agtOffset, forKey: .agtOffset)
    }
}
