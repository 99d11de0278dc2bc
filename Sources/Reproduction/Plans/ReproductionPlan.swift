internal import CanonicalJSON
internal import Jobs
internal import Runs

/// The runs that rebuild a set of the paper's tables and figures under one profile (the
/// TablesAndFigures article). A run two outputs share is planned once: Figure 5's clean U-Net is
/// Figure 2's, Figure 3 reads Table 2's runs. Figures 4 and 6 need no training; their label and
/// KDE runs are made while the report is assembled.
public struct ReproductionPlan: Sendable {
    /// A Table 2 cell: DeepLabv3 on the multi-class set under one label choice.
    public struct Table2Entry: Sendable {
        public var labels: LabelChoice
        public var runs: [PlannedRun]
    }

    /// A Table 3 cell: one method on one dataset, over its repeats.
    public struct Table3Entry: Sendable {
        public var dataset: DatasetRole
        public var method: String
        public var runs: [PlannedRun]
    }

    /// A curve of Figure 2 or 5: one network under one label choice.
    public struct CurveEntry: Sendable {
        public var panel: String
        public var model: String
        public var labels: LabelChoice
        public var run: PlannedRun
    }

    public let profile: ReproductionProfile
    public let outputs: [PaperOutput]
    public private(set) var table2: [Table2Entry] = []
    public private(set) var table3: [Table3Entry] = []
    public private(set) var figure2: [CurveEntry] = []
    public private(set) var figure5: [CurveEntry] = []

    /// The methods of Table 3, in the order of its CSV rows.
    public static let table3Methods = [
        "unet", "hrnet", "deeplabv3plus", "agt", "otsu", "dfc", "ac", "igtt_ems", "igtt_no_ems",
    ]
    /// Table 2's label choices, in the paper's order.
    public static let table2Labels = [
        LabelChoice.clean, LabelChoice("rs", 0.5), LabelChoice("rs", 0.3), LabelChoice("rs", 0.1),
        LabelChoice("rf", 0.5), LabelChoice("rf", 0.7), LabelChoice("rf", 0.9),
    ]

    public init(profile: ReproductionProfile, outputs: [PaperOutput]) throws {
        self.profile = profile
        self.outputs = outputs
        let wanted = Set(outputs)
        if !wanted.isDisjoint(with: [.table2, .fig3]) { try planTable2() }
        if wanted.contains(.table3) { try planTable3() }
        if wanted.contains(.fig2) { try planFigure2() }
        if wanted.contains(.fig5) { try planFigure5() }
    }

    /// Every long run, each once, in the order of the outputs that need them.
    public var runs: [PlannedRun] {
        var seen = Set<String>()
        var result: [PlannedRun] = []
        let all =
            table2.flatMap(\.runs) + table3.flatMap(\.runs) + figure2.map(\.run) + figure5.map(\.run)
        for run in all where seen.insert(run.identity).inserted {
            result.append(run)
        }
        return result
    }

    /// The datasets the plan reads, training runs' and the figures' alike.
    public var datasets: [DatasetRole] {
        var roles = Set(runs.map(\.dataset))
        if outputs.contains(.fig4) { roles.insert(.er) }
        if outputs.contains(.fig6) { roles.insert(.toy) }
        return roles.sorted()
    }

    private mutating func planTable2() throws {
        table2 = try Self.table2Labels.map { labels in
            Table2Entry(
                labels: labels,
                runs: try (0..<profile.supervisedRepeats).map {
                    try supervised(model: "deeplabv3", labels: labels, seed: $0, on: .scenes)
                })
        }
    }

    private mutating func planTable3() throws {
        for dataset in profile.table3Roles {
            for method in Self.table3Methods {
                let runs: [PlannedRun]
                switch method {
                case "unet", "hrnet", "deeplabv3plus":
                    runs = try (0..<profile.supervisedRepeats).map {
                        try supervised(model: method, labels: .clean, seed: $0, on: dataset)
                    }
                case "igtt_ems", "igtt_no_ems":
                    runs = (0..<profile.igttRepeats).map {
                        PlannedRun(
                            .igtt(profile.igttSettings(ems: method == "igtt_ems", seed: $0)), on: dataset)
                    }
                default:
                    runs = [PlannedRun(.baseline(try profile.baselineSettings(method, seed: 0)), on: dataset)]
                }
                table3.append(Table3Entry(dataset: dataset, method: method, runs: runs))
            }
        }
    }

    private mutating func planFigure2() throws {
        let panels: [(String, [LabelChoice])] = [
            ("A", [.clean, LabelChoice("rs", 0.5), LabelChoice("rs", 0.3), LabelChoice("rs", 0.1)]),
            ("B", [.clean, LabelChoice("rf", 0.3), LabelChoice("rf", 0.45), LabelChoice("rf", 0.49)]),
        ]
        for (panel, choices) in panels {
            for model in ["unet", "deeplabv3plus"] {
                for labels in choices {
                    figure2.append(
                        CurveEntry(
                            panel: panel, model: model, labels: labels,
                            run: try supervised(model: model, labels: labels, seed: 0, on: .er)))
                }
            }
        }
    }

    private mutating func planFigure5() throws {
        let panels: [(String, [LabelChoice])] = [
            ("A", [.clean, LabelChoice("rf", 0.49), LabelChoice("rl", 0.1)]),
            ("B", [.clean, LabelChoice("dilate"), LabelChoice("erode"), LabelChoice("skeleton")]),
            ("C", [LabelChoice("rl", 0.1), LabelChoice("rl", 0.3), LabelChoice("rl", 0.5)]),
        ]
        for (panel, choices) in panels {
            for labels in choices {
                figure5.append(
                    CurveEntry(
                        panel: panel, model: "unet", labels: labels,
                        run: try supervised(model: "unet", labels: labels, seed: 0, on: .er)))
            }
        }
    }

    /// A supervised run of the profile's schedule.
    private func supervised(model: String, labels: LabelChoice, seed: Int, on dataset: DatasetRole)
        throws -> PlannedRun
    {
        var settings = try profile.trainingSettings(model: model, labels: labels, seed: seed)
        settings.normalization = dataset.normalization
        return PlannedRun(.train(settings), on: dataset)
    }
}

extension DatasetRole {
    /// How a role's images are z-scored for supervised training: the scenes set holds natural colour
    /// images, z-scored per channel; the microscopy roles are single-channel, z-scored over the image
    /// (which keeps their run ids from before the choice existed).
    var normalization: Normalization {
        self == .scenes ? .channel : .image
    }
}

extension PlannedRun {
    /// Equal for the same work on the same dataset role.
    var identity: String {
        "\(dataset.rawValue) \(work.kind) \(work.seed.map(String.init) ?? "-") "
            + JSONValue.object(work.params).canonicalText
    }
}
