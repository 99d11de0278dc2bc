/// One label of Figure 6 (the circle-in-rectangle toy): its noise transition matrix and KDE map.
///
/// Columns `label,rank,ntm,kde_corr_gt,artifact_id`: `ntm` the matrix in row-major order,
/// space-separated, four decimals per entry; `kde_corr_gt` the Pearson correlation of the label's
/// KDE map with the ground truth's, four decimals; `artifact_id` the label's artifact.
public struct Figure6Row: CSVRecord, Equatable {
    /// `cl`, `rs`, `rf`, `rl`, ...
    public var label: String
    public var rank: Int
    /// The noise transition matrix Q(y*|y), rows of equal length.
    public var ntm: [[Double]]
    public var kdeCorrelation: Double?
    public var artifactID: String

    /// The id of the dataset (manifest) the row was computed on, the last column: it tells a
    /// synthetic stand-in from an imported set (empty when unknown).
    public var datasetID = ""

    public init(label: String, rank: Int, ntm: [[Double]], kdeCorrelation: Double?, artifactID: String) {
        self.label = label
        self.rank = rank
        self.ntm = ntm
        self.kdeCorrelation = kdeCorrelation
        self.artifactID = artifactID
    }

    public static let csvHeader = ["label", "rank", "ntm", "kde_corr_gt", "artifact_id", "dataset_id"]

    public var csvFields: [String] {
        [
            label, String(rank),
            ntm.flatMap { $0 }.map { ReportNumber.fixed($0, decimals: 4) }.joined(separator: " "),
            ReportNumber.fixed(kdeCorrelation, decimals: 4), artifactID, datasetID,
        ]
    }
}
