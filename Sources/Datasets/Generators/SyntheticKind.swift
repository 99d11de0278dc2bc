/// The synthetic datasets msdb can generate, with the paper's sizes as defaults.
public enum SyntheticKind: String, Sendable, CaseIterable, Codable {
    /// Endoplasmic-reticulum-like tube networks (Table 3, Figures 2 and 5).
    case er
    /// Mitochondria-like short tubes and blobs (Table 3 appendix).
    case mito
    /// Nucleus-like touching ellipses (Table 3 appendix).
    case nuc
    /// Multi-class street-like scenes (Table 2, Figure 3).
    case scenes
    /// The circle in a rectangle (Figure 6).
    case toy

    /// The split sizes the paper uses (ER 157/28/38, MITO 165/8/10); NUC and scenes follow the same
    /// proportions; the toy is one image.
    public var defaultSizes: SplitSizes {
        switch self {
        case .er: SplitSizes(train: 157, val: 28, test: 38)
        case .mito: SplitSizes(train: 165, val: 8, test: 10)
        case .nuc: SplitSizes(train: 120, val: 15, test: 25)
        case .scenes: SplitSizes(train: 120, val: 15, test: 25)
        case .toy: SplitSizes(train: 1, val: 0, test: 0)
        }
    }

    /// The default image side in pixels: 256 for all (the paper's size).
    public var defaultImageSize: Int { 256 }

    /// The generator that draws this kind's samples.
    public var generator: any SampleGenerator {
        switch self {
        case .er: TubeNetworkGenerator.er
        case .mito: MitochondriaGenerator()
        case .nuc: NucleusGenerator()
        case .scenes: SceneGenerator()
        case .toy: CircleInRectangleGenerator()
        }
    }
}
