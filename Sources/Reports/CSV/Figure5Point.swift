/// One point of Figure 5: a Dice value after an epoch or a training loss after a step.
///
/// Columns `panel,noise,ratio,metric,x,value,run_id`: metric `dice` (at sigmoid > 0.5) or
/// `dice_searched` (at the epoch's IoU-maximising threshold), x = epoch, value in percent with two
/// decimals; or `loss` (x = optimisation step, value as is with six decimals).
public struct Figure5Point: CSVRecord, Equatable {
    /// What the value measures, which fixes the meaning of `x` and the value's format.
    public enum Metric: String, Sendable {
        /// Test Dice (a fraction in the struct, percent in the CSV) against the epoch.
        case dice
        /// Test Dice at the epoch's searched threshold, likewise.
        case diceSearched = "dice_searched"
        /// Per-step training loss against the optimisation step.
        case loss
    }

    /// `A` (CL, RF 0.49, RL 0.1), `B` (CL vs morphology), `C` (RL at several P).
    public var panel: String
    public var noise: String
    public var ratio: Double?
    public var metric: Metric
    public var x: Int
    public var value: Double
    public var runID: String

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(
        panel: String, noise: String, ratio: Double?, metric: Metric, x: Int, value: Double, runID: String
    ) {
        self.panel = panel
        self.noise = noise
        self.ratio = ratio
        self.metric = metric
        self.x = x
        self.value = value
        self.runID = runID
    }

    public static let csvHeader = ["panel", "noise", "ratio", "metric", "x", "value", "run_id", "dataset_id"]

    public var csvFields: [String] {
        let text =
            switch metric {
            case .dice, .diceSearched: ReportNumber.percent(value)
            case .loss: ReportNumber.fixed(value, decimals: 6)
            }
        return [panel, noise, ReportNumber.ratio(ratio), metric.rawValue, String(x), text, runID, datasetID]
    }
}
