public import Datasets
internal import Imaging
internal import Runs

/// Counts, sizes and difficulty of a dataset: what `msdb dataset stats` prints and what a dataset
/// run records as metrics.
///
/// `foregroundFraction` is the share of labelled pixels that are not class 0, over all splits
/// (ignored pixels, 255, are left out). For binary sets with a test split of gray images, `otsuDice`
/// and `agtDice` are the pooled test-split Dice of `ThresholdBaselines` (Table 3's classical
/// baselines, which threshold one gray channel); otherwise they are nil.
public struct DatasetStatistics: Sendable, Equatable {
    public var sizes: SplitSizes
    /// The distinct `width×height` image sizes, sorted.
    public var imageSizes: [String]
    public var foregroundFraction: Double
    public var otsuDice: Double?
    public var agtDice: Double?

    public init(content: DatasetContent) throws {
        sizes = content.sizes
        var dimensions = Set<String>()
        var labelled = 0
        var foreground = 0
        for split in Split.allCases {
            for sample in content[split] {
                dimensions.insert("\(sample.image.width)x\(sample.image.height)")
                for label in sample.labels.labels where label != LabelMap.ignore {
                    labelled += 1
                    if label != 0 { foreground += 1 }
                }
            }
        }
        imageSizes = dimensions.sorted()
        foregroundFraction = labelled == 0 ? 0 : Double(foreground) / Double(labelled)
        let gray = content[.test].allSatisfy { $0.image.channels == 1 && $0.image.palette == nil }
        if content.task == .binary, !content[.test].isEmpty, gray {
            let dice = try ThresholdBaselines.dice(content[.test])
            otsuDice = dice.otsu
            agtDice = dice.agt
        }
    }

    /// The figures as run metrics.
    public var metrics: [String: Double] {
        var result: [String: Double] = [
            "samples": Double(sizes.total), "foreground_fraction": foregroundFraction,
        ]
        result["otsu_dice_test"] = otsuDice
        result["agt_dice_test"] = agtDice
        return result
    }
}
