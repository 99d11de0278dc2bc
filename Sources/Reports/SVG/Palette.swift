/// Series colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies
/// and in greyscale print; indices wrap around.
public enum Palette {
    static let colors = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]

    /// The colour for `index` as `#RRGGBB`.
    public static func color(_ index: Int) -> String {
        let count = colors.count
        return colors[((index % count) + count) % count]
    }
}
