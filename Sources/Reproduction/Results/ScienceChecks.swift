internal import ArtifactStore
internal import Jobs
internal import Runs

/// Evaluates the science checks (the TablesAndFigures article) from the cells a reproduction assembled: U-Net on the ER
/// set under each label choice (Figures 2 and 5), Table 2's DeepLabv3 cells and Table 3's cells.
/// A check is left out when a run it needs is not among them (a report of some outputs only).
/// Binary checks are evaluated under both threshold rules; Table 2's under arg-max.
public struct ScienceChecks: Sendable {
    /// U-Net on the ER set, by its training labels.
    public var erUNet: [LabelChoice: PaperResults.Cell]
    public var table2: [PaperResults.Cell]
    /// Table 3's cells on the ER set, by method.
    public var table3ER: [String: PaperResults.Cell]

    public init(
        erUNet: [LabelChoice: PaperResults.Cell], table2: [PaperResults.Cell],
        table3ER: [String: PaperResults.Cell]
    ) {
        self.erUNet = erUNet
        self.table2 = table2
        self.table3ER = table3ER
    }

    /// The checks in their documented order.
    public func evaluate() -> [ScienceCheck] {
        var checks: [ScienceCheck] = []
        for rule in [ScienceCheck.Rule.halfSigmoid, .searched] {
            checks += [
                threshold(rule),
                near(LabelChoice("rf", 0.45), rule),
                near(LabelChoice("rs", 0.1), rule),
                randomBelowFlipped(rule),
                morphologyOrder(rule),
                igtt(rule),
            ].compactMap { $0 }
        }
        checks += table2Checks()
        return checks
    }

    // MARK: - The binary checks on ER

    private func threshold(_ rule: ScienceCheck.Rule) -> ScienceCheck? {
        guard let clean = unet(.clean, rule) else { return nil }
        return check(
            "unet-cl", "U-Net on CL reaches Dice ≥ 80", rule, [clean], holds: clean.value >= 0.80)
    }

    private func near(_ noisy: LabelChoice, _ rule: ScienceCheck.Rule) -> ScienceCheck? {
        guard let clean = unet(.clean, rule), let other = unet(noisy, rule) else { return nil }
        return check(
            "\(noisy.noise)-\(Self.ratioText(noisy))", "\(Self.title(noisy)) ends within 7 Dice points of CL",
            rule,
            [clean, other], holds: abs(clean.value - other.value) <= 0.07)
    }

    private func randomBelowFlipped(_ rule: ScienceCheck.Rule) -> ScienceCheck? {
        guard let random = unet(LabelChoice("rl", 0.1), rule),
            let flipped = unet(LabelChoice("rf", 0.49), rule)
        else { return nil }
        return check(
            "rl-0.1", "RL 0.1 ends below RF 0.49", rule, [random, flipped],
            holds: random.value < flipped.value)
    }

    private func morphologyOrder(_ rule: ScienceCheck.Rule) -> ScienceCheck? {
        guard let skeleton = unet(LabelChoice("skeleton"), rule),
            let dilation = unet(LabelChoice("dilate"), rule),
            let erosion = unet(LabelChoice("erode"), rule),
            let clean = unet(.clean, rule)
        else { return nil }
        let holds =
            skeleton.value < dilation.value && skeleton.value < erosion.value
            && dilation.value < clean.value && erosion.value < clean.value
        return check(
            "pcl-order", "skeleton ends below dilation and erosion, which end below CL", rule,
            [skeleton, erosion, dilation, clean], holds: holds)
    }

    private func igtt(_ rule: ScienceCheck.Rule) -> ScienceCheck? {
        let names = [
            ("igtt_ems", "iGTT w/ EMS"), ("igtt_no_ems", "iGTT w/o EMS"), ("otsu", "Otsu"), ("agt", "AGT"),
            ("unet", "U-Net"),
        ]
        var found: [ScienceCheck.Measurement] = []
        var runs: [ContentID] = []
        for (method, name) in names {
            guard let cell = table3ER[method], let value = Self.mean(cell, rule) else { return nil }
            found.append(.init(name: name, value: value))
            runs += cell.runIDs
        }
        let ems = found[0].value
        let holds =
            ems > found[1].value && ems > found[2].value && ems > found[3].value && ems < found[4].value
        return ScienceCheck(
            name: "igtt",
            claim: "iGTT w/ EMS beats iGTT w/o EMS, Otsu and AGT, and stays below supervised U-Net (means)",
            rule: rule, measurements: found, holds: holds, runIDs: Self.sorted(runs))
    }

    // MARK: - Table 2

    private func table2Checks() -> [ScienceCheck] {
        guard let clean = table2.first(where: { $0.noise == "cl" }), let cleanMIoU = Self.mean(clean, "miou")
        else { return [] }
        return table2.compactMap { cell in
            guard cell.noise != "cl", let value = Self.mean(cell, "miou") else { return nil }
            let labels = LabelChoice(cell.noise, cell.ratio)
            return ScienceCheck(
                name: "table2-\(cell.noise)-\(Self.ratioText(labels))",
                claim: "DeepLabv3 on \(Self.title(labels)) ends within 3 mIoU points of CL", rule: .argmax,
                measurements: [
                    .init(name: "CL", value: cleanMIoU), .init(name: Self.title(labels), value: value),
                ],
                holds: abs(value - cleanMIoU) <= 0.03, runIDs: Self.sorted(clean.runIDs + cell.runIDs))
        }
    }

    // MARK: - Reading the cells

    /// One number found for a check, with the runs behind it.
    private struct Found {
        var measurement: ScienceCheck.Measurement
        var runIDs: [ContentID]
        var value: Double { measurement.value }
    }

    /// U-Net's Dice under `labels` by `rule`.
    private func unet(_ labels: LabelChoice, _ rule: ScienceCheck.Rule) -> Found? {
        guard let cell = erUNet[labels], let value = Self.mean(cell, rule) else { return nil }
        return Found(measurement: .init(name: Self.title(labels), value: value), runIDs: cell.runIDs)
    }

    private func check(
        _ name: String, _ claim: String, _ rule: ScienceCheck.Rule, _ parts: [Found], holds: Bool
    ) -> ScienceCheck {
        ScienceCheck(
            name: name, claim: claim, rule: rule, measurements: parts.map(\.measurement), holds: holds,
            runIDs: Self.sorted(parts.flatMap(\.runIDs)))
    }

    /// The mean Dice of a cell's runs under `rule`.
    private static func mean(_ cell: PaperResults.Cell, _ rule: ScienceCheck.Rule) -> Double? {
        mean(cell, rule == .searched ? PaperResults.searchedDiceMetric : "dice")
    }

    private static func mean(_ cell: PaperResults.Cell, _ metric: String) -> Double? {
        guard let values = cell.values[metric], !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// `CL`, `RF 0.45`, `skeleton`.
    static func title(_ labels: LabelChoice) -> String {
        switch labels.noise {
        case "cl": "CL"
        case "dilate": "dilation"
        case "erode": "erosion"
        case "skeleton": "skeleton"
        default: "\(labels.noise.uppercased()) \(ratioText(labels))"
        }
    }

    /// `0.45`, `0.1`; empty without a ratio.
    private static func ratioText(_ labels: LabelChoice) -> String {
        guard let ratio = labels.ratio else { return "" }
        var text = String(ratio)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    private static func sorted(_ ids: [ContentID]) -> [ContentID] {
        Set(ids).sorted { $0.hex < $1.hex }
    }
}
