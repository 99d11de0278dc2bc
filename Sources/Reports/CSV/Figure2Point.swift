/// One point of Figure 2: test Dice of one run after one epoch.
///
/// Columns `panel,model,noise,ratio,epoch,dice,run_id`: panel `A` (random sampling) or `B`
/// (random flipping), model `unet` or `deeplabv3plus`, Dice in percent with two decimals.
public struct Figure2Point: CSVRecord, Equatable {
    public var panel: String
    public var model: String
    public var noise: String
    public var ratio: Double?
    public var epoch: Int
    /// Test Dice as a fraction.
    public var dice: Double
    public var runID: String

    public init(
        panel: String, model: String, noise: String, ratio: Double?, epoch: Int, dice: Double, runID: String
    ) {
        self.panel = panel
        self.model = model
        self.noise = noise
        self.ratio = ratio
        self.epoch = epoch
        self.dice = dice
        self.runID = runID
    }

    public static let csvHeader = ["panel", "model", "noise", "ratio", "epoch", "dice", "run_id"]

    public var csvFields: [String] {
        [panel, model, noise, ReportNumber.ratio(ratio), String(epoch), ReportNumber.percent(dice), runID]
    }
}
