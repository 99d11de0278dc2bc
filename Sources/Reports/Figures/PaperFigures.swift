/// Builders that turn the CSV points of Figures 2 and 5 into the paper's line charts, so the CSV
/// and the SVG are drawn from the same values.
///
/// Points of one curve that share an x (repeats of one configuration) are averaged. Curves are
/// ordered and coloured by a fixed rule (CL first, then by label kind, then from the cleanest ratio to the noisiest), never by
/// input order, so the same points in any order give the same SVG.
public enum PaperFigures {
    /// The display name of a model key.
    static func modelName(_ key: String) -> String {
        switch key {
        case "unet": "U-Net"
        case "deeplabv3plus": "DeepLabv3+"
        case "deeplabv3": "DeepLabv3"
        case "hrnet": "HRNet"
        default: key
        }
    }

    /// The display name of a label kind and ratio, e.g. `RF 0.49`, `CL`, `dilation`.
    static func labelName(noise: String, ratio: Double?) -> String {
        let kind =
            switch noise {
            case "dilate": "dilation"
            case "erode": "erosion"
            case "skeleton": "skeleton"
            default: noise.uppercased()
            }
        guard let ratio else { return kind }
        return "\(kind) \(ReportNumber.ratio(ratio))"
    }

    /// A sort key from clean to noisy: CL first, then label kinds alphabetically, then by ratio with
    /// the cleanest first (a larger sampling ratio keeps more of CL; for flipping and RL a smaller
    /// ratio is cleaner).
    private static func labelOrder(noise: String, ratio: Double?) -> (Int, String, Double) {
        let value = ratio ?? -1
        return (noise == "cl" ? 0 : 1, noise, noise == "rs" ? -value : value)
    }

    /// Averages y over points sharing an x and returns them sorted by x.
    static func averaged(_ points: [(x: Double, y: Double)]) -> [Series.Point] {
        var sums: [Double: (Double, Int)] = [:]
        for point in points {
            let sum = sums[point.x, default: (0, 0)]
            sums[point.x] = (sum.0 + point.y, sum.1 + 1)
        }
        return sums.keys.sorted().compactMap { x in
            sums[x].map { Series.Point(x: x, y: $0.0 / Double($0.1)) }
        }
    }

    /// Figure 2: Dice (percent) against epoch; panel A random sampling, B random flipping; U-Net
    /// solid, DeepLabv3+ dashed; one colour per label and ratio, shared by both models. The Dice is
    /// at each epoch's searched threshold, as the official trainer computes it, when every point has
    /// it, else at sigmoid > 0.5; the axis says which.
    public static func figure2(_ points: [Figure2Point]) throws -> LineChart {
        guard !points.isEmpty else { throw ReportsError.emptyFigure(name: "fig2") }
        let searched = points.allSatisfy { $0.diceSearched != nil }
        let yLabel = searched ? searchedAxisLabel : "Test Dice (%)"
        let titles = ["A": "A  Random sampling (RS)", "B": "B  Random flipping (RF)"]
        let panels = Set(points.map(\.panel)).sorted().map { panel in
            let own = points.filter { $0.panel == panel }
            let labels = Set(own.map { LabelKey(noise: $0.noise, ratio: $0.ratio) }).sorted {
                labelOrder(noise: $0.noise, ratio: $0.ratio) < labelOrder(noise: $1.noise, ratio: $1.ratio)
            }
            let models = Set(own.map(\.model)).sorted { modelRank($0) < modelRank($1) }
            var series: [Series] = []
            for model in models {
                for (colorIndex, label) in labels.enumerated() {
                    let curve = own.filter {
                        $0.model == model && LabelKey(noise: $0.noise, ratio: $0.ratio) == label
                    }
                    guard !curve.isEmpty else { continue }
                    series.append(
                        Series(
                            name: "\(modelName(model)) \(labelName(noise: label.noise, ratio: label.ratio))",
                            points: averaged(
                                curve.map {
                                    (Double($0.epoch), (searched ? $0.diceSearched ?? 0 : $0.dice) * 100)
                                }),
                            dashed: model != "unet", colorIndex: colorIndex))
                }
            }
            return ChartPanel(
                title: titles[panel] ?? panel, xLabel: "Epoch", yLabel: yLabel, series: series)
        }
        return LineChart(title: "Figure 2. Test Dice during training on noisy labels (ER)", panels: panels)
    }

    /// Figure 5: panel A (CL, RF 0.49, RL 0.1) and B (CL vs dilation, erosion, skeleton) as Dice
    /// against epoch; panel C split in two: Dice against epoch and training loss against step under RL
    /// at several P_generate, with the same colour per P in both. A panel draws Dice at the searched
    /// threshold when it has those points, else at sigmoid > 0.5.
    public static func figure5(_ points: [Figure5Point]) throws -> LineChart {
        guard !points.isEmpty else { throw ReportsError.emptyFigure(name: "fig5") }
        let titles = [
            "A": "A  CL, RF and RL", "B": "B  CL vs PCL (morphology)", "C": "C  Dice under RL",
            "C-loss": "C  Training loss under RL",
        ]
        var keys: [(panel: String, metric: Figure5Point.Metric)] = []
        for panel in Set(points.map(\.panel)).sorted() {
            let has = { (metric: Figure5Point.Metric) in
                points.contains { $0.panel == panel && $0.metric == metric }
            }
            if has(.diceSearched) {
                keys.append((panel, .diceSearched))
            } else if has(.dice) {
                keys.append((panel, .dice))
            }
            if has(.loss) { keys.append((panel, .loss)) }
        }
        let panels = keys.map { key in
            let own = points.filter { $0.panel == key.panel && $0.metric == key.metric }
            // Colours are per panel letter, so C's Dice and loss curves of one P match.
            let letterLabels = Set(
                points.filter { $0.panel == key.panel }.map { LabelKey(noise: $0.noise, ratio: $0.ratio) }
            ).sorted {
                labelOrder(noise: $0.noise, ratio: $0.ratio) < labelOrder(noise: $1.noise, ratio: $1.ratio)
            }
            let series = letterLabels.enumerated().compactMap { colorIndex, label -> Series? in
                let curve = own.filter { LabelKey(noise: $0.noise, ratio: $0.ratio) == label }
                guard !curve.isEmpty else { return nil }
                let scale = key.metric == .loss ? 1.0 : 100.0
                return Series(
                    name: labelName(noise: label.noise, ratio: label.ratio),
                    points: averaged(curve.map { (Double($0.x), $0.value * scale) }), colorIndex: colorIndex)
            }
            let isLoss = key.metric == .loss
            let titleKey = isLoss ? key.panel + "-loss" : key.panel
            return ChartPanel(
                title: titles[titleKey] ?? (isLoss ? "\(key.panel)  Training loss" : key.panel),
                xLabel: isLoss ? "Step" : "Epoch",
                yLabel: isLoss
                    ? "Training loss" : key.metric == .diceSearched ? searchedAxisLabel : "Test Dice (%)",
                series: series)
        }
        return LineChart(
            title: "Figure 5. Learning curves on ER under RCL, PCL and RL", panels: panels,
            columns: min(2, panels.count))
    }

    /// The y-axis label of Dice at the searched threshold.
    public static let searchedAxisLabel = "Test Dice (%), IoU-max threshold"

    private static func modelRank(_ model: String) -> (Int, String) {
        (model == "unet" ? 0 : 1, model)
    }
}

/// A label kind with its ratio, usable as a dictionary key.
struct LabelKey: Hashable {
    var noise: String
    var ratio: Double?
}
