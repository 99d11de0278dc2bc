import ArtifactStore
import Jobs
import Reproduction
import Runs
import Testing

/// The science checks evaluated on hand-made cells: which hold, under which rule, and which are left
/// out when their runs are missing.
@Suite struct ScienceChecksTests {
    private static func id(_ digit: Character) -> ContentID {
        ContentID.run(canonicalSpec: String(digit))
    }

    /// A one-run cell with `dice` at 0.5 and, optionally, IoU at the searched threshold.
    private static func cell(
        _ noise: String, _ ratio: Double? = nil, dice: Double, iouSearched: Double? = nil,
        method: String = "unet", id digit: Character = "a"
    ) -> PaperResults.Cell {
        var metrics = ["dice": dice]
        metrics["iou_searched"] = iouSearched
        var values = metrics.mapValues { [$0] }
        values[PaperResults.searchedDiceMetric] = PaperResults.searchedDice(metrics).map { [$0] }
        return PaperResults.Cell(
            dataset: "er", method: method, noise: noise, ratio: ratio, values: values, runIDs: [id(digit)],
            seeds: [0])
    }

    private static func miou(_ noise: String, _ ratio: Double?, _ value: Double) -> PaperResults.Cell {
        PaperResults.Cell(
            dataset: "scenes", method: "deeplabv3", noise: noise, ratio: ratio, values: ["miou": [value]],
            runIDs: [id("b")], seeds: [0])
    }

    private static let holdingER: [LabelChoice: PaperResults.Cell] = [
        .clean: cell("cl", dice: 0.90), LabelChoice("rf", 0.45): cell("rf", 0.45, dice: 0.84),
        LabelChoice("rs", 0.1): cell("rs", 0.1, dice: 0.88),
        LabelChoice("rl", 0.1): cell("rl", 0.1, dice: 0.1),
        LabelChoice("rf", 0.49): cell("rf", 0.49, dice: 0.6),
        LabelChoice("dilate"): cell("dilate", dice: 0.8),
        LabelChoice("erode"): cell("erode", dice: 0.75), LabelChoice("skeleton"): cell("skeleton", dice: 0.6),
    ]

    private static let holdingTable3: [String: PaperResults.Cell] = [
        "igtt_ems": cell("cl", dice: 0.7, method: "igtt_ems"),
        "igtt_no_ems": cell("cl", dice: 0.6, method: "igtt_no_ems"),
        "otsu": cell("cl", dice: 0.5, method: "otsu"), "agt": cell("cl", dice: 0.55, method: "agt"),
        "unet": cell("cl", dice: 0.9, method: "unet"),
    ]

    private func verdicts(_ checks: [ScienceCheck], rule: ScienceCheck.Rule) -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: checks.filter { $0.rule == rule }.map { ($0.name, $0.holds) })
    }

    @Test func everyCheckHoldsOnCellsThatMeetTheClaimsUnderBothRules() {
        let checks = ScienceChecks(
            erUNet: Self.holdingER, table2: [Self.miou("cl", nil, 0.30), Self.miou("rf", 0.9, 0.28)],
            table3ER: Self.holdingTable3
        ).evaluate()
        #expect(checks.count == 13)
        let failing = checks.filter { !$0.holds }.map(\.name)
        #expect(failing.isEmpty, "\(failing)")
        #expect(
            verdicts(checks, rule: .halfSigmoid).keys.sorted()
                == ["igtt", "pcl-order", "rf-0.45", "rl-0.1", "rs-0.1", "unet-cl"])
        #expect(checks.last?.name == "table2-rf-0.9" && checks.last?.rule == .argmax)
    }

    @Test func equalSkeletonAndErosionScoresAreNotBelowAndTheOrderFails() {
        var er = Self.holdingER
        er[LabelChoice("erode")] = Self.cell("erode", dice: 0)
        er[LabelChoice("skeleton")] = Self.cell("skeleton", dice: 0)
        let checks = ScienceChecks(erUNet: er, table2: [], table3ER: [:]).evaluate()
        #expect(verdicts(checks, rule: .halfSigmoid)["pcl-order"] == false)
        let order = checks.first { $0.name == "pcl-order" }
        #expect(order?.measurements.map(\.name) == ["skeleton", "erosion", "dilation", "CL"])
    }

    @Test func distanceChecksFailJustPastTheirMargins() {
        var er = Self.holdingER
        er[LabelChoice("rf", 0.45)] = Self.cell("rf", 0.45, dice: 0.90 - 0.071)
        er[LabelChoice("rs", 0.1)] = Self.cell("rs", 0.1, dice: 0.90 - 0.069)
        let table2 = [
            Self.miou("cl", nil, 0.30), Self.miou("rf", 0.7, 0.30 - 0.029),
            Self.miou("rf", 0.9, 0.30 - 0.031),
        ]
        let checks = ScienceChecks(erUNet: er, table2: table2, table3ER: [:]).evaluate()
        let half = verdicts(checks, rule: .halfSigmoid)
        #expect(half["rf-0.45"] == false)
        #expect(half["rs-0.1"] == true)
        let argmax = verdicts(checks, rule: .argmax)
        #expect(argmax == ["table2-rf-0.7": true, "table2-rf-0.9": false])
    }

    @Test func theSearchedRuleReadsDiceFromTheSearchedIoU() throws {
        // IoU 0.8 at the searched threshold is Dice 2·0.8/1.8 ≈ 0.889; at 0.5 the network scored 0.
        var er = Self.holdingER
        er[.clean] = Self.cell("cl", dice: 0, iouSearched: 0.8)
        let checks = ScienceChecks(erUNet: er, table2: [], table3ER: [:]).evaluate()
        #expect(verdicts(checks, rule: .halfSigmoid)["unet-cl"] == false)
        let searched = try #require(checks.first { $0.name == "unet-cl" && $0.rule == .searched })
        #expect(searched.holds)
        #expect(abs(try #require(searched.measurements.first).value - 1.6 / 1.8) < 1e-12)
    }

    @Test func aMethodWithBinaryOutputKeepsItsDiceUnderTheSearchedRule() {
        #expect(PaperResults.searchedDice(["dice": 0.32, "iou": 0.19]) == 0.32)
        #expect(PaperResults.searchedDice(["miou": 0.5]) == nil)
    }

    @Test func checksWhoseRunsAreMissingAreLeftOut() {
        var er = Self.holdingER
        er[LabelChoice("skeleton")] = nil
        var table3 = Self.holdingTable3
        table3["agt"] = nil
        let checks = ScienceChecks(erUNet: er, table2: [Self.miou("rf", 0.9, 0.2)], table3ER: table3)
            .evaluate()
        let names = Set(checks.map(\.name))
        #expect(!names.contains("pcl-order") && !names.contains("igtt") && !names.contains("table2-rf-0.9"))
        #expect(names.contains("unet-cl"))
    }
}
