/// One cell group of Table 2: mIoU of one model trained on one label kind, over its repeats.
///
/// Columns `dataset,model,noise,ratio,miou,miou_std,runs,run_ids`: mIoU in percent with two
/// decimals (the summary holds fractions), `miou_std` empty for a single run, `ratio` the noise
/// probability (empty for `cl`), `run_ids` sorted and space-separated.
public struct Table2Row: CSVRecord, Equatable {
    public var dataset: String
    public var model: String
    /// Label kind: `cl rs rf rl dilate erode skeleton`.
    public var noise: String
    /// The noise probability; nil for `cl` and morphology labels.
    public var ratio: Double?
    /// mIoU over the repeats, as fractions.
    public var miou: RepeatSummary
    public var runIDs: [String]

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(
        dataset: String, model: String, noise: String, ratio: Double?, miou: RepeatSummary, runIDs: [String]
    ) {
        self.dataset = dataset
        self.model = model
        self.noise = noise
        self.ratio = ratio
        self.miou = miou
        self.runIDs = runIDs
    }

    public static let csvHeader = [
        "dataset", "model", "noise", "ratio", "miou", "miou_std", "runs", "run_ids", "dataset_id",
    ]

    public var csvFields: [String] {
        [
            dataset, model, noise, ReportNumber.ratio(ratio), ReportNumber.percent(miou.mean),
            ReportNumber.percent(miou.std), String(runIDs.count), RunIDList.text(runIDs), datasetID,
        ]
    }
}

/// The `run_ids` cell: ids sorted and space-separated, duplicates removed.
enum RunIDList {
    static func text(_ ids: [String]) -> String {
        Set(ids).sorted().joined(separator: " ")
    }
}
