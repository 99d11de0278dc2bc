public import ArtifactStore
public import Imaging
internal import Jobs
internal import Runs

/// The numbers and pictures behind the paper's tables and figures, read from the store: plain
/// values for the report layer (which turns them into CSV, SVG and notebooks). Metric values are
/// as stored (fractions); the report converts to the paper's percent.
public struct PaperResults: Sendable {
    /// A table cell group: one method or label choice on one dataset, one value per run.
    public struct Cell: Sendable {
        public var dataset: String
        /// Table 3's method, Table 2's model.
        public var method: String
        public var noise: String
        public var ratio: Double?
        /// Metric name → one value per run, in `runIDs` order (a run without the metric is
        /// left out of that metric's list).
        public var values: [String: [Double]]
        public var runIDs: [ContentID]
        public var seeds: [Int64]

        public init(
            dataset: String, method: String, noise: String, ratio: Double?, values: [String: [Double]],
            runIDs: [ContentID], seeds: [Int64]
        ) {
            self.dataset = dataset
            self.method = method
            self.noise = noise
            self.ratio = ratio
            self.values = values
            self.runIDs = runIDs
            self.seeds = seeds
        }
    }

    /// One curve of Figure 2 or 5.
    public struct CurveSeries: Sendable {
        public var panel: String
        public var model: String
        public var noise: String
        public var ratio: Double?
        /// `dice` (x = epoch) or `loss` (x = step).
        public var metric: String
        public var x: [Double]
        public var y: [Double]
        public var runID: ContentID
        public var seed: Int64?
    }

    /// One cell of an image grid (Figures 3 and 4): the picture and the artifact it shows.
    public struct Picture: Sendable {
        public var panel: String
        public var row: Int
        public var column: Int
        public var caption: String
        public var artifactID: ContentID
        /// 8-bit gray or RGB, ready to encode as PNG.
        public var image: Image
    }

    /// One label of Figure 6: the mask, its noise transition matrix against the ground truth and
    /// its KDE map.
    public struct ToyLabel: Sendable {
        public var label: String
        public var rank: Int
        /// Row-major Q(noisy | clean).
        public var matrix: [[Double]]
        /// Pearson correlation of this label's KDE map with the ground truth's.
        public var kdeCorrelationWithTruth: Double
        public var labelID: ContentID
        public var kdeID: ContentID
        public var mask: Image
        public var density: Plane
    }

    public var profile: ReproductionProfile.Name
    public var table2: [Cell] = []
    public var table3: [Cell] = []
    public var figure2: [CurveSeries] = []
    public var figure3: [Picture] = []
    public var figure4: [Picture] = []
    public var figure5: [CurveSeries] = []
    public var figure6: [ToyLabel] = []
    /// The science checks (the paper's claims) on whatever of the above was assembled.
    public var checks: [ScienceCheck] = []
    /// Runs the plan needs that are not recorded (only when assembled without computing).
    public var missing: [String] = []
    /// The dataset behind each role the plan reads (`er`, `mito`, `nuc`, `scenes`, `toy`).
    public var datasets: [String: DatasetProvenance] = [:]

    /// The roles whose datasets an output reads.
    public static func roles(of output: PaperOutput) -> [DatasetRole] {
        switch output {
        case .table2, .fig3: [.scenes]
        case .table3: [.er, .mito, .nuc]
        case .fig2, .fig4, .fig5: [.er]
        case .fig6: [.toy]
        }
    }

    /// The datasets behind `output` that are recorded, in role order.
    public func datasets(of output: PaperOutput) -> [DatasetProvenance] {
        Self.roles(of: output).compactMap { datasets[$0.rawValue] }
    }

    /// The cell metric holding Dice at the threshold that maximises pooled test IoU, the official
    /// evaluation's rule. Networks record it from engine 4 on; for older runs it follows from
    /// `iou_searched`, since pooled Dice and IoU at one threshold satisfy Dice = 2·IoU / (1 + IoU).
    /// A method with a binary output (the clustering and thresholding baselines) has no threshold to
    /// search and keeps its `dice`.
    public static let searchedDiceMetric = TestEvaluation.searchedDiceName

    /// `searchedDiceMetric`'s value for a run with `metrics`: the recorded one (engine 4 on), else
    /// 2·IoU/(1 + IoU) of the recorded `iou_searched` (exact for pooled counts), else the Dice of a
    /// method with a binary output; nil without any of them (multi-class).
    public static func searchedDice(_ metrics: [String: Double]) -> Double? {
        if let dice = metrics[searchedDiceMetric] { return dice }
        if let iou = metrics["iou_searched"] { return 2 * iou / (1 + iou) }
        return metrics["dice"]
    }

    /// The run ids behind `output`, sorted, without repeats.
    public func runIDs(of output: PaperOutput) -> [ContentID] {
        let ids: [ContentID] =
            switch output {
            case .table2: table2.flatMap(\.runIDs)
            case .table3: table3.flatMap(\.runIDs)
            case .fig2: figure2.map(\.runID)
            case .fig5: figure5.map(\.runID)
            case .fig3, .fig4, .fig6: []
            }
        return Set(ids).sorted { $0.hex < $1.hex }
    }

    /// The seeds of the runs behind `output` (label runs of the figures without training included),
    /// sorted, without repeats.
    public func seeds(of output: PaperOutput) -> [Int64] {
        let seeds: [Int64] =
            switch output {
            case .table2: table2.flatMap(\.seeds)
            case .table3: table3.flatMap(\.seeds)
            case .fig2: figure2.compactMap(\.seed)
            case .fig5: figure5.compactMap(\.seed)
            case .fig3: table2.flatMap(\.seeds)
            case .fig4, .fig6: [0]
            }
        return Set(seeds).sorted()
    }

    /// The artifact ids behind `output`, sorted, without repeats.
    public func artifactIDs(of output: PaperOutput) -> [ContentID] {
        let ids: [ContentID] =
            switch output {
            case .fig3: figure3.map(\.artifactID)
            case .fig4: figure4.map(\.artifactID)
            case .fig6: figure6.flatMap { [$0.labelID, $0.kdeID] }
            default: []
            }
        return Set(ids).sorted { $0.hex < $1.hex }
    }
}
