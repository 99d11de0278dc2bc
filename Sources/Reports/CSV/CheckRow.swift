/// One row of `checks.csv`: one of the science checks (the paper's claims) evaluated on the reproduction's runs.
///
/// Columns `check,rule,claim,measured,holds,run_ids`: `rule` is the prediction rule behind the
/// numbers (`sigmoid>0.5`, `searched` for the IoU-maximising threshold, `argmax`), `measured`
/// lists the compared numbers as `name value` pairs in percent with one decimal, separated by
/// `; `, and `holds` is `yes` or `no`.
public struct CheckRow: CSVRecord, Equatable {
    public var check: String
    public var rule: String
    public var claim: String
    /// The compared numbers: a name and a fraction each.
    public var measured: [(name: String, value: Double)]
    public var holds: Bool
    public var runIDs: [String]

    public init(
        check: String, rule: String, claim: String, measured: [(name: String, value: Double)], holds: Bool,
        runIDs: [String]
    ) {
        self.check = check
        self.rule = rule
        self.claim = claim
        self.measured = measured
        self.holds = holds
        self.runIDs = runIDs
    }

    public static let csvHeader = ["check", "rule", "claim", "measured", "holds", "run_ids"]

    public var csvFields: [String] {
        [
            check, rule, claim,
            measured.map { "\($0.name) \(ReportNumber.fixed($0.value * 100, decimals: 1))" }
                .joined(separator: "; "),
            holds ? "yes" : "no", RunIDList.text(runIDs),
        ]
    }

    public static func == (lhs: CheckRow, rhs: CheckRow) -> Bool {
        lhs.csvFields == rhs.csvFields
    }
}
