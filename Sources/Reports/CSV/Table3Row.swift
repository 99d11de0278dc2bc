/// One row of Table 3: one method on one dataset, Dice, AUC and ACC over its repeats.
///
/// Columns `dataset,method,dice,dice_std,auc,auc_std,acc,acc_std,runs,run_ids,dice_searched,
/// dice_searched_std`, every metric in percent with two decimals (summaries hold fractions); a std is
/// empty for a single run and a metric is empty when the method does not produce it (e.g. AUC of a
/// method with binary output). `dice` is at sigmoid > 0.5; `dice_searched` at the threshold that
/// maximises pooled test IoU, the official evaluation's rule behind the paper's Table 3 (a method
/// with a binary output keeps its Dice). The two searched columns follow the design's columns so that
/// those keep their places.
public struct Table3Row: CSVRecord, Equatable {
    /// `er`, `mito` or `nuc`.
    public var dataset: String
    /// `unet hrnet deeplabv3plus agt otsu dfc ac igtt_ems igtt_no_ems`.
    public var method: String
    public var dice: RepeatSummary
    public var auc: RepeatSummary
    public var acc: RepeatSummary
    public var runIDs: [String]
    public var diceSearched: RepeatSummary

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(
        dataset: String, method: String, dice: RepeatSummary, auc: RepeatSummary, acc: RepeatSummary,
        runIDs: [String], diceSearched: RepeatSummary = RepeatSummary(values: [])
    ) {
        self.dataset = dataset
        self.method = method
        self.dice = dice
        self.auc = auc
        self.acc = acc
        self.runIDs = runIDs
        self.diceSearched = diceSearched
    }

    /// The method keys in the paper's row order.
    public static let methodOrder = [
        "unet", "hrnet", "deeplabv3plus", "agt", "otsu", "dfc", "ac", "igtt_ems", "igtt_no_ems",
    ]

    public static let csvHeader = [
        "dataset", "method", "dice", "dice_std", "auc", "auc_std", "acc", "acc_std", "runs", "run_ids",
        "dice_searched", "dice_searched_std", "dataset_id",
    ]

    public var csvFields: [String] {
        [
            dataset, method,
            ReportNumber.percent(dice.mean), ReportNumber.percent(dice.std),
            ReportNumber.percent(auc.mean), ReportNumber.percent(auc.std),
            ReportNumber.percent(acc.mean), ReportNumber.percent(acc.std),
            String(runIDs.count), RunIDList.text(runIDs),
            ReportNumber.percent(diceSearched.mean), ReportNumber.percent(diceSearched.std), datasetID,
        ]
    }
}
