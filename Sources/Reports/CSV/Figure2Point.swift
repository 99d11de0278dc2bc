/// One point of Figure 2: test Dice of one run after one epoch.
///
/// Columns `panel,model,noise,ratio,epoch,dice,run_id,dice_searched`: panel `A` (random sampling) or
/// `B` (random flipping), model `unet` or `deeplabv3plus`, `dice` at sigmoid > 0.5 and
/// `dice_searched` at that epoch's IoU-maximising threshold (empty for runs older than engine 4), in
/// percent with two decimals. `dice_searched` comes last so that the earlier columns keep their
/// places.
public struct Figure2Point: CSVRecord, Equatable {
    public var panel: String
    public var model: String
    public var noise: String
    public var ratio: Double?
    public var epoch: Int
    /// Test Dice as a fraction.
    public var dice: Double
    public var runID: String
    /// Test Dice at the epoch's searched threshold, as a fraction.
    public var diceSearched: Double?

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(
        panel: String, model: String, noise: String, ratio: Double?, epoch: Int, dice: Double, runID: String,
        diceSearched: Double? = nil
    ) {
        self.panel = panel
        self.model = model
        self.noise = noise
        self.ratio = ratio
        self.epoch = epoch
        self.dice = dice
        self.runID = runID
        self.diceSearched = diceSearched
    }

    public static let csvHeader = [
        "panel", "model", "noise", "ratio", "epoch", "dice", "run_id", "dice_searched", "dataset_id",
    ]

    public var csvFields: [String] {
        [
            panel, model, noise, ReportNumber.ratio(ratio), String(epoch), ReportNumber.percent(dice), runID,
            diceSearched.map(ReportNumber.percent) ?? "", datasetID,
        ]
    }
}
